// The IDX reader and the MNIST loader on well-formed, truncated, corrupt and mismatched files.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "exprjit/error.h"
#include "nn/idx.h"
#include "nn/mnist.h"

namespace exprjit::nn {
namespace {

std::vector<std::byte> idx_bytes(std::vector<std::uint32_t> dims, std::size_t data_size, std::uint8_t type = 0x08) {
  std::vector<std::byte> bytes{std::byte{0}, std::byte{0}, std::byte{type}, std::byte(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(std::byte((d >> shift) & 0xff));
  for (std::size_t i = 0; i < data_size; ++i) bytes.push_back(std::byte(i % 256));
  return bytes;
}

std::string error_of(const std::vector<std::byte>& bytes) {
  try {
    parse_idx(bytes, "test.idx");
  } catch (const IOError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Idx, ParsesDimensionsAndData) {
  const IdxArray a = parse_idx(idx_bytes({2, 3}, 6), "x");
  EXPECT_EQ(a.dims, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.data, (std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5}));
}

TEST(Idx, RejectsMalformedFilesWithAClearMessage) {
  EXPECT_EQ(error_of({}), "IDX file test.idx: truncated header (0 bytes)");
  auto wrong_magic = idx_bytes({2}, 2);
  wrong_magic[0] = std::byte{0x1f};
  EXPECT_EQ(error_of(wrong_magic), "IDX file test.idx: wrong magic number (not an IDX file)");
  EXPECT_EQ(error_of(idx_bytes({2}, 2, 0x0d)), "IDX file test.idx: unsupported element type 0x0d (only unsigned byte, 0x08)");
  EXPECT_EQ(error_of(idx_bytes({}, 0)), "IDX file test.idx: unsupported number of dimensions 0");
  EXPECT_EQ(error_of(idx_bytes({1, 1, 1, 1, 1}, 1)), "IDX file test.idx: unsupported number of dimensions 5");
  auto short_header = idx_bytes({2, 3}, 0);
  short_header.resize(9);
  EXPECT_EQ(error_of(short_header), "IDX file test.idx: truncated header (9 bytes)");
  EXPECT_EQ(error_of(idx_bytes({2, 3}, 5)), "IDX file test.idx: truncated: 6 data bytes expected, 5 present");
  EXPECT_EQ(error_of(idx_bytes({2, 3}, 8)), "IDX file test.idx: 2 unexpected bytes after the data");
  EXPECT_EQ(error_of(idx_bytes({0xffffffff, 0xffffffff, 0xffffffff}, 0)), "IDX file test.idx: dimensions too large");
}

TEST(Idx, MissingFileIsAnIOError) {
  EXPECT_THROW(read_idx("/nonexistent/train-images-idx3-ubyte"), IOError);
}

class MnistLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("exprjit_mnist_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::vector<std::byte>& bytes) {
    std::ofstream(dir_ / name, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  }
  std::string load_error() {
    try {
      load_mnist<float>(dir_.string(), 10);
    } catch (const IOError& e) {
      return e.what();
    }
    return "no error";
  }
  std::filesystem::path dir_;
};

TEST_F(MnistLoader, RejectsFilesThatAreNotMnist) {
  EXPECT_NE(load_error().find("cannot open IDX file"), std::string::npos);
  write("train-images-idx3-ubyte", idx_bytes({100, 28, 28}, 100 * 784));  // wrong image count
  write("train-labels-idx1-ubyte", idx_bytes({100}, 100));
  EXPECT_NE(load_error().find("expected 60000 images of 28x28"), std::string::npos);
  EXPECT_THROW(load_mnist<float>(dir_.string(), 0), ValueError);
  EXPECT_THROW(load_mnist<float>(dir_.string(), 60001), ValueError);
}

}  // namespace
}  // namespace exprjit::nn
