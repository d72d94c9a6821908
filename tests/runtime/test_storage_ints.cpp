// The narrow and unsigned integer dtypes (int8, int16, uint8, uint16, uint32, uint64): accepted
// as inputs and widened on load as numexpr does (to int32, or int64 for uint32/uint64), written
// as outputs through explicit conversions or out= casting. docs/language.md, "dtypes".
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"
#include "exprjit/npy.h"

namespace exprjit {
namespace {

template <class T> std::vector<T> edge_values() {
  using L = std::numeric_limits<T>;
  std::vector<T> values = {L::min(), L::max(), T(0), T(1), T(L::max() - 1), T(L::min() + 1)};
  if constexpr (std::is_same_v<T, std::uint64_t>) {  // 2**63 and more are refused (below)
    values[1] = std::numeric_limits<std::int64_t>::max();
    values[4] = values[1] - 1;
  }
  while (values.size() < 41) values.push_back(static_cast<T>(values.size() * 37));  // full vectors and a tail
  return values;
}

// x * 3 - 1 and x // 2 in the widened type, element by element, for every storage dtype.
template <class T, class Wide> void check_widened_arithmetic() {
  const std::vector<T> values = edge_values<T>();
  const Array x = Array::from(values);
  const Array product = evaluate("x * 3 - 1", {{"x", x}});
  const Array halves = evaluate("x // 2", {{"x", x}});
  ASSERT_EQ(product.dtype(), dtype_of<Wide>) << dtype_name(dtype_of<T>);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Wide wide = static_cast<Wide>(values[i]);
    const auto wrapped = static_cast<Wide>(static_cast<std::make_unsigned_t<Wide>>(wide) * 3u - 1u);
    EXPECT_EQ(product.at<Wide>({std::int64_t(i)}), wrapped) << dtype_name(dtype_of<T>) << " element " << i;
    const Wide floor_half = wide >= 0 ? wide / 2 : -((-wide + 1) / 2);
    EXPECT_EQ(halves.at<Wide>({std::int64_t(i)}), floor_half) << dtype_name(dtype_of<T>) << " element " << i;
  }
}

TEST(StorageInts, WidenOnLoadAsNumexpr) {
  check_widened_arithmetic<std::int8_t, std::int32_t>();
  check_widened_arithmetic<std::int16_t, std::int32_t>();
  check_widened_arithmetic<std::uint8_t, std::int32_t>();
  check_widened_arithmetic<std::uint16_t, std::int32_t>();
  check_widened_arithmetic<std::uint32_t, std::int64_t>();
  check_widened_arithmetic<std::uint64_t, std::int64_t>();
}

TEST(StorageInts, PromotionWithOtherTypes) {
  const Signature s = {{"i8", DType::Int8}, {"u8", DType::UInt8}, {"u32", DType::UInt32}, {"i16", DType::Int16},
                       {"f", DType::Float32}, {"u64", DType::UInt64}};
  EXPECT_EQ(validate("i8 + u8", s), DType::Int32);
  EXPECT_EQ(validate("u32 + i8", s), DType::Int64);
  EXPECT_EQ(validate("i16 * f", s), DType::Float32);
  EXPECT_EQ(validate("sqrt(u8)", s), DType::Float64);
  EXPECT_EQ(validate("u8", s), DType::Int32);  // a bare input is widened too, as numexpr
  EXPECT_EQ(validate("-u8", s), DType::Int32);
  EXPECT_EQ(validate("abs(i8)", s), DType::Int32);
  EXPECT_EQ(validate("u64 > 3", s), DType::Bool);
  EXPECT_EQ(validate("where(u8 > 1, i8, u32)", s), DType::Int64);
  EXPECT_EQ(validate("sum(u8)", s), DType::Int64);
  EXPECT_EQ(validate("max(i8)", s), DType::Int32);
}

// Unsigned values are zero-extended, never sign-extended: 255 stays 255, not -1.
TEST(StorageInts, UnsignedValuesStayPositive) {
  const Array u8 = Array::from<std::uint8_t>({255, 128, 0});
  EXPECT_EQ(evaluate("u8 + 0", {{"u8", u8}}).to_vector<std::int32_t>(), (std::vector<std::int32_t>{255, 128, 0}));
  EXPECT_EQ(evaluate("u8 > 127", {{"u8", u8}}).to_vector<bool>(), (std::vector<bool>{true, true, false}));
  const Array u32 = Array::from<std::uint32_t>({4294967295u, 2147483648u});
  EXPECT_EQ(evaluate("u32 * 1", {{"u32", u32}}).to_vector<std::int64_t>(),
            (std::vector<std::int64_t>{4294967295, 2147483648}));
  EXPECT_EQ(evaluate("float64(u32)", {{"u32", u32}}).to_vector<double>(), (std::vector<double>{4294967295.0, 2147483648.0}));
  const Array u16 = Array::from<std::uint16_t>({65535});
  EXPECT_EQ(evaluate("sqrt(u16)", {{"u16", u16}}).to_vector<double>()[0], std::sqrt(65535.0));
}

TEST(StorageInts, StridedReversedAndScalarInputs) {
  std::vector<std::int16_t> values(64);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<std::int16_t>(1000 * i - 30000);
  const Array a = Array::from(values, Shape{8, 8});
  const ArrayView every_other = a.view().stepped(1, 2).reversed(0);
  const Array result = evaluate("v + s", {{"v", every_other}, {"s", std::uint8_t{200}}});
  ASSERT_EQ(result.shape(), (Shape{8, 4}));
  for (std::int64_t r = 0; r < 8; ++r)
    for (std::int64_t c = 0; c < 4; ++c)
      EXPECT_EQ(result.at<std::int32_t>({r, c}), values[static_cast<std::size_t>((7 - r) * 8 + 2 * c)] + 200);
}

TEST(StorageInts, Uint64BeyondInt64IsRefusedNotWrapped) {
  const Array fine = Array::from<std::uint64_t>({0, 9223372036854775807ull});
  EXPECT_EQ(evaluate("x - 1", {{"x", fine}}).to_vector<std::int64_t>(), (std::vector<std::int64_t>{-1, 9223372036854775806}));
  std::vector<std::uint64_t> values(100, 5);
  values[77] = 9223372036854775808ull;  // 2**63
  const Array big = Array::from(values);
  try {
    evaluate("x + 1", {{"x", big}});
    FAIL() << "2**63 was accepted";
  } catch (const ValueError& error) {
    EXPECT_NE(std::string(error.what()).find("'x' is uint64 with values of 2**63 or more"), std::string::npos) << error.what();
  }
  EXPECT_THROW(evaluate("x + 1", {{"x", big.view().reversed(0)}}), ValueError);
  EXPECT_THROW(evaluate("x + 1", {{"x", std::uint64_t{18446744073709551615ull}}}), ValueError);
  const Kernel kernel = compile("x * 2", {{"x", DType::UInt64}});
  EXPECT_THROW(kernel({big}), ValueError);
}

TEST(StorageInts, ExplicitConversionsWrapAndSaturate) {
  const Array x = Array::from<double>({300.0, -1.0, 255.9, -0.5, 1e10, std::numeric_limits<double>::quiet_NaN()});
  const Array u8 = evaluate("uint8(x)", {{"x", x}});
  ASSERT_EQ(u8.dtype(), DType::UInt8);
  EXPECT_EQ(u8.to_vector<int>(), (std::vector<int>{255, 0, 255, 0, 255, 0}));  // saturating, NaN -> 0
  const Array i = Array::from<std::int32_t>({300, -129, 70000, 65535});
  EXPECT_EQ(evaluate("int8(i)", {{"i", i}}).to_vector<int>(), (std::vector<int>{44, 127, 112, -1}));  // wraps, as NumPy
  EXPECT_EQ(evaluate("uint16(i)", {{"i", i}}).to_vector<int>(), (std::vector<int>{300, 65407, 4464, 65535}));
  // A narrow conversion inside a larger expression widens again for the next operation.
  EXPECT_EQ(evaluate("int8(i) + 1", {{"i", i}}).to_vector<std::int32_t>(), (std::vector<std::int32_t>{45, 128, 113, 0}));
  EXPECT_EQ(evaluate("uint8(-1)", {}).at<std::uint8_t>({}), 255);
  EXPECT_EQ(evaluate("uint64(-1) == -1", {}).at<bool>({}), true);  // computed in int64 (documented)
}

TEST(StorageInts, OutputsFollowTheCastingRule) {
  const Array a = Array::from<std::int32_t>({100, 200, -3});
  Array out8 = Array::zeros(DType::Int8, {3});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, out8, {}, Casting::Safe), TypeError);
  evaluate("a * 2", {{"a", a}}, out8, {}, Casting::Unsafe);
  EXPECT_EQ(out8.to_vector<int>(), (std::vector<int>{-56, -112, -6}));
  Array out_u16 = Array::zeros(DType::UInt16, {3});
  EXPECT_THROW(evaluate("a", {{"a", a}}, out_u16, {}, Casting::SameKind), TypeError);  // signed -> unsigned
  evaluate("a", {{"a", a}}, out_u16, {}, Casting::Unsafe);
  EXPECT_EQ(out_u16.to_vector<int>(), (std::vector<int>{100, 200, 65533}));
  const Array u8 = Array::from<std::uint8_t>({1, 2, 250});
  Array out_u8 = Array::zeros(DType::UInt8, {3});
  evaluate("uint8(u8 + 10)", {{"u8", u8}}, out_u8);  // same dtype: no casting needed
  EXPECT_EQ(out_u8.to_vector<int>(), (std::vector<int>{11, 12, 4}));
  Array out_f = Array::zeros(DType::Float64, {3});
  evaluate("u8", {{"u8", u8}}, out_f);  // int32 -> float64 is safe
  EXPECT_EQ(out_f.to_vector<double>(), (std::vector<double>{1, 2, 250}));
}

TEST(StorageInts, ReductionsAccumulateWide) {
  const Array u8 = Array::from(std::vector<std::uint8_t>(1000, 255));
  EXPECT_EQ(evaluate("sum(x)", {{"x", u8}}).at<std::int64_t>({}), 255000);
  const Array i8 = Array::from<std::int8_t>({-128, 5, 127}, Shape{3, 1});
  EXPECT_EQ(evaluate("min(x)", {{"x", i8}}).at<std::int32_t>({}), -128);
  EXPECT_EQ(evaluate("sum(x, axis=1)", {{"x", i8}}).to_vector<std::int64_t>(), (std::vector<std::int64_t>{-128, 5, 127}));
}

TEST(StorageInts, NpyRoundTrip) {
  const Array a = Array::from<std::int16_t>({-32768, 5, 32767}, Shape{3});
  const Array b = Array::from<std::uint32_t>({4294967295u, 0u}, Shape{2});
  for (const Array* array : {&a, &b}) {
    const Array back = parse_npy(serialize_npy(*array));
    ASSERT_EQ(back.dtype(), array->dtype());
    EXPECT_EQ(back.to_vector<std::int64_t>(), array->to_vector<std::int64_t>());
  }
  const std::vector<std::byte> bytes = serialize_npy(a);
  EXPECT_NE(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()).find("'descr': '<i2'"), std::string::npos);
}

}  // namespace
}  // namespace exprjit
