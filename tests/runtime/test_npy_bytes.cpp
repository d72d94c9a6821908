// .npy files of byte strings ('|S<n>'): files NumPy wrote (tests/data/npy/make_fixtures.py,
// byte_string(i)) read at their width in C and Fortran order and 0-d, written back byte for
// byte as numpy.save does, and the unicode/width errors.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/error.h"
#include "exprjit/exprjit.h"
#include "exprjit/npy.h"
#include "tests/support/file_bytes.h"

namespace exprjit {
namespace {

using testing_support::file_bytes;

const std::string kFixtures = std::string(EXPRJIT_TEST_DATA) + "/npy/";

// make_fixtures.py's byte_string(i) without trailing NULs, as to_strings() gives it.
std::string fixture_string(std::int64_t i) {
  std::string s = {static_cast<char>(97 + i % 26), '\0', static_cast<char>(48 + i % 10)};
  s.resize(static_cast<std::size_t>(i % 4));
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

TEST(NpyBytes, ReadsCOrderAtItsWidth) {
  const Array a = read_npy(kFixtures + "bytes_S3_2x3.npy");
  EXPECT_EQ(a.dtype(), DType::Bytes);
  EXPECT_EQ(a.itemsize(), 3u);
  EXPECT_EQ(a.shape(), (Shape{2, 3}));
  const std::vector<std::string> values = a.to_strings();
  for (std::int64_t i = 0; i < 6; ++i) EXPECT_EQ(values[i], fixture_string(i)) << i;
  EXPECT_EQ(values[3], std::string("d\0" "3", 3));
}

TEST(NpyBytes, ReadsFortranOrderIntoCOrder) {
  const Array a = read_npy(kFixtures + "bytes_S5_fortran_2x3x4.npy");
  EXPECT_EQ(a.itemsize(), 5u);
  EXPECT_EQ(a.shape(), (Shape{2, 3, 4}));
  EXPECT_TRUE(a.view().is_c_contiguous());
  const std::vector<std::string> values = a.to_strings();
  for (std::int64_t i = 0; i < 24; ++i) EXPECT_EQ(values[i], fixture_string(i)) << i;
}

TEST(NpyBytes, ReadsZeroDimensional) {
  const Array a = read_npy(kFixtures + "bytes_S4_0d.npy");
  EXPECT_EQ(a.ndim(), 0);
  EXPECT_EQ(a.itemsize(), 4u);
  EXPECT_EQ(a.to_strings(), (std::vector<std::string>{std::string("ab\0c", 4)}));
}

TEST(NpyBytes, WritesWhatNumpySaveWrites) {
  for (const char* name : {"bytes_S3_2x3.npy", "bytes_S5_fortran_2x3x4.npy", "bytes_S4_0d.npy"}) {
    const std::vector<std::byte> original = file_bytes(kFixtures + name);
    const Array a = parse_npy(original, name);
    if (std::string(name).find("fortran") != std::string::npos) {
      // The file is Fortran order; exprjit writes C order, whose header NumPy would write as:
      const std::vector<std::byte> written = serialize_npy(a);
      EXPECT_EQ(parse_npy(written).to_strings(), a.to_strings());
      const std::string text(reinterpret_cast<const char*>(written.data()), 128);
      EXPECT_NE(text.find("{'descr': '|S5', 'fortran_order': False, 'shape': (2, 3, 4), }"), std::string::npos) << text;
      continue;
    }
    EXPECT_EQ(serialize_npy(a), original) << name;
  }
  // A strided view is written in C order.
  const Array a = Array::from_strings({"ab", "c", "", "de"}, 2);
  EXPECT_EQ(parse_npy(serialize_npy(a.view().reversed(0))).to_strings(),
            (std::vector<std::string>{"de", "", "c", "ab"}));
}

TEST(NpyBytes, ComparesAfterReading) {
  const Array a = read_npy(kFixtures + "bytes_S5_fortran_2x3x4.npy");
  const std::vector<bool> got = evaluate("contains(a, b'\\0')", {{"a", a}}).to_vector<bool>();
  EXPECT_EQ(got.size(), 24u);
  for (bool value : got) EXPECT_TRUE(value);  // a NUL needle is empty
  const std::vector<bool> embedded = evaluate("contains(a, b'\\0' b'3')", {{"a", a}}).to_vector<bool>();
  EXPECT_TRUE(embedded[3]);
  EXPECT_FALSE(embedded[7]);
}

std::vector<std::byte> with_descr(const std::string& descr, std::size_t data_bytes) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }";
  dict.append(117 - dict.size() + 0, ' ');
  std::string text = std::string("\x93NUMPY\x01\x00", 8);
  const std::size_t length = dict.size() + 1;
  text += static_cast<char>(length & 0xff);
  text += static_cast<char>(length >> 8);
  text += dict + "\n";
  text.append(data_bytes, 'x');
  const auto* begin = reinterpret_cast<const std::byte*>(text.data());
  return {begin, begin + text.size()};
}

TEST(NpyBytes, DescriptorsAndErrors) {
  EXPECT_EQ(parse_npy(with_descr("|S3", 6)).to_strings(), (std::vector<std::string>{"xxx", "xxx"}));
  EXPECT_EQ(parse_npy(with_descr("<S1", 2)).itemsize(), 1u);
  EXPECT_THROW(parse_npy(with_descr("|S3", 5)), IOError);  // truncated: 2 x 3 bytes needed
  EXPECT_THROW(parse_npy(with_descr("|S0", 0)), TypeError);
  EXPECT_THROW(parse_npy(with_descr("|S99999999999", 0)), TypeError);
  EXPECT_THROW(parse_npy(with_descr("|S3x", 6)), TypeError);
  try {
    parse_npy(with_descr("<U2", 16), "u.npy");
    ADD_FAILURE() << "read a unicode array";
  } catch (const TypeError& error) {
    EXPECT_STREQ(error.what(), "u.npy: unsupported dtype '<U2': unicode is not supported; store byte strings (|S<n>)");
  }
}

}  // namespace
}  // namespace exprjit
