// Model files: round trips of both dtypes and rejection of corrupt, truncated and inconsistent files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "exprjit/error.h"
#include "nn/model_file.h"

namespace exprjit::nn {
namespace {

class ModelFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("exprjit_model_" + std::to_string(::getpid()) + ".bin")).string();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::vector<std::byte> bytes() const {
    std::ifstream file(path_, std::ios::binary);
    std::vector<char> content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto* first = reinterpret_cast<const std::byte*>(content.data());
    return {first, first + content.size()};
  }
  std::string error_of(const std::vector<std::byte>& b) const {
    try {
      parse_model(b, "m");
    } catch (const IOError& e) {
      return e.what();
    }
    return "no error";
  }
  std::string path_;
};

TEST_F(ModelFile, RoundTripsBothDtypes) {
  const Network network({4, 3, 2});
  const auto f64 = network.initial_parameters<double>(Init::Gaussian, 5);
  save_model<double>(path_, network, f64);
  Model loaded = load_model(path_);
  EXPECT_EQ(loaded.network.sizes(), network.sizes());
  EXPECT_EQ(std::get<std::vector<double>>(loaded.parameters), f64);

  const auto f32 = network.initial_parameters<float>(Init::Uniform, 6);
  save_model<float>(path_, network, f32);
  loaded = load_model(path_);
  EXPECT_EQ(std::get<std::vector<float>>(loaded.parameters), f32);
}

TEST_F(ModelFile, RejectsCorruptFiles) {
  const Network network({4, 3, 2});
  save_model<double>(path_, network, network.initial_parameters<double>(Init::Uniform, 1));
  const auto good = bytes();
  ASSERT_EQ(error_of(good), "no error");

  auto flipped = good;
  flipped[good.size() / 2] ^= std::byte{1};
  EXPECT_EQ(error_of(flipped), "model file m: checksum mismatch (corrupt file)");
  EXPECT_EQ(error_of({good.begin(), good.end() - 1}), "model file m: truncated");
  EXPECT_EQ(error_of({good.begin(), good.begin() + 5}), "model file m: truncated");
  auto trailing = good;
  trailing.push_back(std::byte{0});
  EXPECT_EQ(error_of(trailing), "model file m: unexpected bytes after the checksum");
  auto magic = good;
  magic[0] = std::byte{'X'};
  EXPECT_EQ(error_of(magic), "model file m: wrong magic (not an exprjit model)");
  auto count = good;
  count[24 + 3 * 8] = std::byte{99};  // the parameter count after three layer sizes
  EXPECT_EQ(error_of(count), "model file m: parameter count does not match the layer sizes");
  auto dtype = good;
  dtype[12] = std::byte{7};
  EXPECT_EQ(error_of(dtype), "model file m: unknown dtype code 7");
  EXPECT_THROW(load_model("/nonexistent/model.bin"), IOError);
}

TEST_F(ModelFile, UnwritablePathIsAnIOErrorAndKeepsTheOldFile) {
  const Network network({2, 2});
  const std::vector<double> params(6, 1.0);
  EXPECT_THROW(save_model<double>("/nonexistent/dir/model.bin", network, params), IOError);
  save_model<double>(path_, network, params);
  EXPECT_THROW(save_model<double>(path_, network, std::vector<double>(5)), ValueError);
  EXPECT_EQ(std::get<std::vector<double>>(load_model(path_).parameters), params);
}

}  // namespace
}  // namespace exprjit::nn
