// .npy reading and writing against files NumPy wrote (tests/data/npy/make_fixtures.py), and
// against corrupt files: every failure is a typed exprjit error naming the file.
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/error.h"
#include "exprjit/npy.h"
#include "tests/support/dtypes.h"
#include "tests/support/file_bytes.h"

namespace exprjit {
namespace {

namespace fs = std::filesystem;
using testing_support::with_type;
using testing_support::file_bytes;

const std::string kFixtures = std::string(EXPRJIT_TEST_DATA) + "/npy/";

// The values make_fixtures.py stores at C-order index i.
template <class T> T fixture_value(std::int64_t i) {
  if constexpr (std::is_same_v<T, bool>) return i % 3 == 0;
  else if constexpr (std::is_integral_v<T>) return static_cast<T>(i - 2);
  else return static_cast<T>(static_cast<double>(i) * 0.25 - 0.5);
}

void expect_fixture_values(const Array& array) {
  ASSERT_TRUE(array.view().is_c_contiguous());
  with_type(array.dtype(), [&](auto zero) {
    using T = decltype(zero);
    const std::vector<T> got = array.to_vector<T>();
    for (std::int64_t i = 0; i < array.size(); ++i) EXPECT_EQ(got[i], fixture_value<T>(i)) << "index " << i;
  });
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("exprjit_npy_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(path_)) out.push_back(entry.path().filename().string());
    return out;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(Npy, ReadsEveryDtypeInCOrder) {
  for (DType type : kRealComputeDTypes) {
    const Array array = read_npy(kFixtures + std::string(dtype_name(type)) + "_2x3.npy");
    EXPECT_EQ(array.dtype(), type);
    EXPECT_EQ(array.shape(), (Shape{2, 3}));
    expect_fixture_values(array);
  }
}

TEST(Npy, ReadsFortranOrderIntoCOrder) {
  for (DType type : kRealComputeDTypes) {
    const Array array = read_npy(kFixtures + std::string(dtype_name(type)) + "_fortran_2x3x4.npy");
    EXPECT_EQ(array.dtype(), type);
    EXPECT_EQ(array.shape(), (Shape{2, 3, 4}));
    expect_fixture_values(array);
  }
}

TEST(Npy, ReadsZeroDimensionalArrays) {
  for (DType type : kRealComputeDTypes) {
    const Array array = read_npy(kFixtures + std::string(dtype_name(type)) + "_0d.npy");
    EXPECT_EQ(array.dtype(), type);
    EXPECT_EQ(array.shape(), Shape{});
    EXPECT_EQ(array.size(), 1);
    expect_fixture_values(array);
  }
}

TEST(Npy, ReadsEmptyArrays) {
  EXPECT_EQ(read_npy(kFixtures + "float64_empty_0.npy").shape(), Shape{0});
  const Array two_by_zero = read_npy(kFixtures + "int32_empty_2x0.npy");
  EXPECT_EQ(two_by_zero.shape(), (Shape{2, 0}));
  EXPECT_EQ(two_by_zero.dtype(), DType::Int32);
}

// Found by tools/fuzz (npy): a zero dimension next to huge ones has no elements, but the
// contiguous strides of its other dimensions overflowed int64 (undefined behaviour).
TEST(Npy, EmptyArrayWithHugeDimensions) {
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2696725898, 0, 2696725898, 2696725898), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY\x01\x00", 8) + char(header.size() & 0xff) + char(header.size() >> 8) + header;
  const Array empty = parse_npy(std::as_bytes(std::span(file.data(), file.size())), "huge.npy");
  EXPECT_EQ(empty.size(), 0);
  EXPECT_EQ(empty.shape(), (Shape{2696725898, 0, 2696725898, 2696725898}));
  EXPECT_THROW(contiguous_strides(Shape{std::int64_t{1} << 40, std::int64_t{1} << 40}, DType::Float64), ValueError);
}

TEST(Npy, ReadsVersions2And3AndAnyKeyOrder) {
  for (const char* name : {"float64_5.npy", "float64_v2_5.npy", "float64_v3_5.npy", "float64_reordered_5.npy"}) {
    const Array array = read_npy(kFixtures + name);
    EXPECT_EQ(array.shape(), Shape{5}) << name;
    expect_fixture_values(array);
  }
}

TEST(Npy, WritesTheBytesNumPyWrites) {
  for (DType type : kRealComputeDTypes) {
    for (const std::string suffix : {"_2x3.npy", "_0d.npy"}) {
      const std::string path = kFixtures + std::string(dtype_name(type)) + suffix;
      EXPECT_EQ(serialize_npy(read_npy(path)), file_bytes(path)) << path;
    }
  }
  for (const char* name : {"float64_empty_0.npy", "int32_empty_2x0.npy", "float64_5.npy"})
    EXPECT_EQ(serialize_npy(read_npy(kFixtures + name)), file_bytes(kFixtures + name)) << name;
}

TEST(Npy, RoundTripsRandomArraysInMemory) {
  std::mt19937_64 rng(7);
  const std::vector<Shape> shapes = {{}, {0}, {1}, {17}, {3, 4}, {2, 0, 5}, {2, 3, 4, 5}, {1000}};
  for (DType type : kRealComputeDTypes) {
    for (const Shape& shape : shapes) {
      Array array = Array::empty(type, shape);
      auto* bytes = static_cast<std::uint8_t*>(array.data());
      for (std::size_t i = 0; i < static_cast<std::size_t>(array.size()) * itemsize(type); ++i)
        bytes[i] = static_cast<std::uint8_t>(type == DType::Bool ? rng() % 2 : rng());
      const std::vector<std::byte> file = serialize_npy(array);
      const std::size_t data_bytes = static_cast<std::size_t>(array.size()) * itemsize(type);
      EXPECT_EQ((file.size() - data_bytes) % 64, 0u) << "data must start 64-byte aligned";
      const Array back = parse_npy(file);
      EXPECT_EQ(back.dtype(), type);
      EXPECT_EQ(back.shape(), shape);
      EXPECT_EQ(std::memcmp(back.data(), array.data(), data_bytes), 0);
    }
  }
}

TEST(Npy, WritesStridedViewsInCOrder) {
  const Array array = Array::from<std::int64_t>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const ArrayView transposed(array.data(), DType::Int64, {3, 2}, {8, 24});
  EXPECT_EQ(parse_npy(serialize_npy(transposed)).to_vector<std::int64_t>(), (std::vector<std::int64_t>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(parse_npy(serialize_npy(array.view().reversed(1))).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{3, 2, 1, 6, 5, 4}));
}

TEST(Npy, UsesVersion2OnlyWhenTheHeaderNeedsIt) {
  EXPECT_EQ(serialize_npy(Array::scalar(1.0))[6], std::byte{1});
  // 30000 dimensions of 1 need a header of about 90 kB: more than version 1.0's 16-bit length.
  const Array wide = Array::zeros(DType::Float32, Shape(30000, 1));
  const std::vector<std::byte> file = serialize_npy(wide);
  EXPECT_EQ(file[6], std::byte{2});
  EXPECT_EQ((file.size() - 4) % 64, 0u);
  EXPECT_EQ(parse_npy(file).shape(), wide.shape());
}

TEST(Npy, ReadsAnyNonZeroBoolByteAsTrue) {
  std::vector<std::byte> file = serialize_npy(Array::from(std::vector<bool>{false, true, false}));
  file[file.size() - 1] = std::byte{0x80};
  EXPECT_EQ(parse_npy(file).to_vector<int>(), (std::vector<int>{0, 1, 1}));
}

TEST(Npy, WriteThenReadAFile) {
  TempDir dir;
  const Array array = Array::from<float>({1.5f, -2.0f, 3.25f}, Shape{3, 1});
  write_npy(dir.file("x.npy"), array);
  const Array back = read_npy(dir.file("x.npy"));
  EXPECT_EQ(back.shape(), (Shape{3, 1}));
  EXPECT_EQ(back.to_vector<float>(), (std::vector<float>{1.5f, -2.0f, 3.25f}));
  EXPECT_EQ(dir.names(), std::vector<std::string>{"x.npy"}) << "no temporary file may remain";
  write_npy(dir.file("x.npy"), Array::scalar(std::int32_t{7}));  // replaces the old file
  EXPECT_EQ(read_npy(dir.file("x.npy")).to_vector<std::int32_t>(), std::vector<std::int32_t>{7});
}

TEST(Npy, FailedWritesLeaveNothingBehind) {
  TempDir dir;
  const Array array = Array::scalar(1.0);
  EXPECT_THROW(write_npy(dir.file("missing/x.npy"), array), IOError);
  fs::create_directories(dir.file("a_directory"));
  try {
    write_npy(dir.file("a_directory"), array);
    FAIL() << "writing over a directory must fail";
  } catch (const IOError& error) {
    EXPECT_NE(std::string(error.what()).find("a_directory"), std::string::npos) << error.what();
  }
  EXPECT_EQ(dir.names(), std::vector<std::string>{"a_directory"});
  EXPECT_TRUE(fs::is_empty(dir.file("a_directory")));
}

TEST(Npy, FileErrorsNameTheFile) {
  try {
    read_npy(kFixtures + "no_such_file.npy");
    FAIL();
  } catch (const IOError& error) {
    EXPECT_NE(std::string(error.what()).find("no_such_file.npy"), std::string::npos) << error.what();
  }
  EXPECT_THROW(read_npy(kFixtures), IOError);  // a directory
}

template <class E> void expect_error(const std::string& name, const std::string& fragment) {
  try {
    read_npy(kFixtures + name);
    FAIL() << name << " was accepted";
  } catch (const E& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(name), std::string::npos) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
  }
  // The in-memory parser agrees with the file reader.
  EXPECT_THROW(parse_npy(file_bytes(kFixtures + name), name), E) << name;
}

TEST(Npy, RejectsCorruptFiles) {
  expect_error<IOError>("bad_magic.npy", "not a .npy file");
  expect_error<IOError>("bad_version.npy", "version 4.0");
  expect_error<IOError>("bad_header_length.npy", "extends beyond the end of the file");
  expect_error<IOError>("bad_truncated_header.npy", "extends beyond the end of the file");
  expect_error<IOError>("bad_truncated_data.npy", "truncated");
  expect_error<IOError>("bad_trailing_garbage.npy", "4 unexpected bytes after the data");
  expect_error<IOError>("bad_dict.npy", "unexpected key 'shapf'");
  expect_error<ValueError>("bad_shape_overflow.npy", "more elements than int64");
}

TEST(Npy, RejectsUnsupportedDtypes) {
  expect_error<TypeError>("bad_bigendian_f8.npy", "big-endian dtype '>f8'");
  expect_error<TypeError>("bad_float16.npy", "unsupported dtype '<f2'");
  expect_error<TypeError>("bad_unicode.npy", "unsupported dtype '<U2'");
  expect_error<TypeError>("bad_object.npy", "object arrays");
}

std::vector<std::byte> with_dict(const std::string& dict, std::size_t data_bytes) {
  std::string text = "\x93NUMPY";
  text += '\x01';
  text += '\0';
  text += static_cast<char>(dict.size() & 0xff);
  text += static_cast<char>(dict.size() >> 8);
  text += dict + std::string(data_bytes, '\0');
  const auto* begin = reinterpret_cast<const std::byte*>(text.data());
  return {begin, begin + text.size()};
}

TEST(Npy, HeaderDictIsParsedStrictly) {
  const auto parses = [](const std::string& dict, std::size_t data_bytes = 8) {
    return parse_npy(with_dict(dict, data_bytes)).shape();
  };
  EXPECT_EQ(parses("{'descr':'<f8','fortran_order':False,'shape':(1,)}\n"), Shape{1});
  EXPECT_EQ(parses("{ 'shape' : ( 1 , ) , 'descr' : '<f8' , 'fortran_order' : True , }   \n"), Shape{1});
  EXPECT_EQ(parses("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1,), }"), (Shape{1, 1}));
  for (const std::string bad : {
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1), }",            // an int, not a tuple
           "{'descr': '<f8', 'fortran_order': False, 'shape': [1], }",            // a list
           "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (01,), }",
           "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }",
           "{'descr': '<f8', 'shape': (1,), }",                                    // a key missing
           "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1, }",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } x",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), ,}",
           "{'descr': '<f8' 'fortran_order': False, 'shape': (1,), }",
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)",
           "{'descr: '<f8', 'fortran_order': False, 'shape': (1,), }",
       }) {
    EXPECT_THROW(parses(bad), IOError) << bad;
  }
  EXPECT_THROW(parses("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"), TypeError);
  EXPECT_THROW(parses("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"), ValueError);
  EXPECT_THROW(parses("{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976,), }"), ValueError)
      << "2^60 elements of 8 bytes overflow the byte count";
}

// Every prefix of a valid file, and every one-byte change of its header, is either read or
// rejected with an exprjit::Error: no crash, no other exception (run under ASan by tools/check).
TEST(Npy, DamagedFilesNeverCrash) {
  const std::vector<std::byte> good = file_bytes(kFixtures + "float64_fortran_2x3x4.npy");
  for (std::size_t size = 0; size < good.size(); ++size)
    EXPECT_THROW(parse_npy(std::span(good).first(size)), IOError) << "prefix of " << size << " bytes";
  for (std::size_t at = 0; at < 128; ++at) {
    for (int value : {0x00, 0x20, 0x27, 0x28, 0x29, 0x2c, 0x30, 0x39, 0x7b, 0x7d, 0xff}) {
      std::vector<std::byte> damaged = good;
      damaged[at] = static_cast<std::byte>(value);
      try {
        parse_npy(damaged);
      } catch (const Error&) {
      }
    }
  }
}

}  // namespace
}  // namespace exprjit
