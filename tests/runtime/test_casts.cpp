// Explicit conversions in the language: bool(x), int8(x) ... uint64(x), float32(x), float64(x),
// from every real dtype, checked element by element against a C++ reference of NumPy's astype
// (except where float -> integer saturates and NaN becomes 0, documented in docs/language.md).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"
#include "tests/support/dtypes.h"

namespace exprjit {
namespace {

using testing_support::kRealDTypes;
using testing_support::with_real_type;

// Edge values of each source dtype plus enough elements for a full vector and a masked tail.
template <class T>
std::vector<T> sources() {
  std::vector<T> values;
  if constexpr (std::is_same_v<T, bool>) {
    values = {true, false};
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    // Kernels compute uint64 in int64 and refuse inputs of 2**63 or more (test_storage_ints.cpp).
    values = {0, 1, 7, 255, 256, 65536, std::uint64_t{1} << 62, std::numeric_limits<std::int64_t>::max()};
  } else if constexpr (std::is_integral_v<T>) {
    values = {T(0), T(1), static_cast<T>(-1), T(7), static_cast<T>(-8), std::numeric_limits<T>::max(), std::numeric_limits<T>::min()};
  } else {
    const T inf = std::numeric_limits<T>::infinity();
    values = {T(0), T(-0.0), T(1.9), T(-2.7), T(0.5), T(-0.5), inf, -inf, std::numeric_limits<T>::quiet_NaN(),
              T(3e9), T(-3e9), T(1e20), std::numeric_limits<T>::denorm_min()};
  }
  while (values.size() < 37) values.push_back(static_cast<T>(values.size() % 5));
  return values;
}

// NumPy's astype, except float -> integer saturating with NaN -> 0.
template <class To, class From>
To reference_cast(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);  // NaN != 0, so NaN -> true, as NumPy
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    if (std::isnan(v)) return 0;
    if (v >= static_cast<From>(std::numeric_limits<To>::max())) return std::numeric_limits<To>::max();
    if (v <= static_cast<From>(std::numeric_limits<To>::min())) return std::numeric_limits<To>::min();
    return static_cast<To>(v);  // truncation toward zero
  } else {
    return static_cast<To>(v);
  }
}

template <class From, class To>
void check_cast() {
  const auto input = sources<From>();
  const Array a = Array::from(input);
  const std::string expression = std::string(dtype_name(dtype_of<To>)) + "(a)";
  const Array result = evaluate(expression, {{"a", a}});
  ASSERT_EQ(result.dtype(), dtype_of<To>) << expression;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const To expected = reference_cast<To>(input[i]);
    const To actual = result.at<To>({std::int64_t(i)});
    if constexpr (std::is_floating_point_v<To>) {
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << expression << " element " << i;
        continue;
      }
      EXPECT_EQ(std::signbit(actual), std::signbit(expected)) << expression << " element " << i;
    }
    EXPECT_EQ(actual, expected) << expression << " of element " << i << " = " << +input[i];
  }
}

TEST(ExplicitCasts, EveryDtypeToEveryDtype) {
  for (DType from : kRealDTypes)
    for (DType to : kRealDTypes)
      with_real_type(from, [&](auto f) {
        with_real_type(to, [&](auto t) { check_cast<decltype(f), decltype(t)>(); });
      });
}

TEST(ExplicitCasts, TypeAndFolding) {
  const Array x = Array::from<double>({1.5, 2.5});
  EXPECT_EQ(validate("float32(x) * 2", {{"x", DType::Float64}}), DType::Float32);
  EXPECT_EQ(validate("int64(x) // 2", {{"x", DType::Float64}}), DType::Int64);
  EXPECT_EQ(validate("float64(float32(x))", {{"x", DType::Float64}}), DType::Float64);
  EXPECT_EQ(evaluate("float64(float32(0.1)) - 0.1", {{"x", x}}).at<double>({}), double(0.1f) - 0.1);
  EXPECT_EQ(evaluate("int32(x) + 1", {{"x", x}}).to_vector<std::int32_t>(), (std::vector<std::int32_t>{2, 3}));
}

// A cast of a literal is folded at compile time; it must give what the kernel computes.
TEST(ExplicitCasts, FoldedConstantsMatchTheKernel) {
  const char* literals[] = {"1e20", "-1e20", "-2.7", "2.7", "2147483647.9", "-2147483648.9", "1e300", "-1e300",
                            "0.0/0.0", "1.0/0.0", "-0.0", "0.5", "300", "-1", "70000", "4294967297", "-129",
                            "1e19", "-1e19", "255.9"};
  for (const char* literal : literals) {
    const Array value = evaluate(literal, {});
    for (const char* type : {"int32", "int64", "bool", "float32", "int8", "int16", "uint8", "uint16", "uint32", "uint64"}) {
      const std::string cast = std::string(type) + "(";
      const Array folded = evaluate(cast + literal + ")", {});
      const Array computed = evaluate(cast + "a)", {{"a", value}});
      ASSERT_EQ(folded.dtype(), computed.dtype());
      with_real_type(folded.dtype(), [&](auto t) {
        using T = decltype(t);
        const T f = folded.at<T>({}), c = computed.at<T>({});
        if constexpr (std::is_floating_point_v<T>) {
          if (std::isnan(f) && std::isnan(c)) return;
        }
        EXPECT_EQ(f, c) << cast << literal << ")";
      });
    }
  }
}

TEST(ExplicitCasts, Errors) {
  const Signature x{{"x", DType::Float64}};
  EXPECT_THROW(validate("float32(x, x)", x), TypeError);
  EXPECT_THROW(validate("int32()", x), TypeError);
  EXPECT_THROW(validate("float16(x)", x), NameError);  // not a dtype exprjit knows
}

// numpy.can_cast for every numeric dtype, printed by NumPy 1.24: one row per source dtype in
// kAllDTypes order, one character per target.
TEST(Casting, RulesMatchNumpy) {
  const char* const safe[] = {
      "1111111111111", "0111100001111", "0011100001111", "0001100000101", "0000100000101",
      "0011111111111", "0001101111111", "0000100110101", "0000000010101", "0000000001111",
      "0000000000101", "0000000000011", "0000000000001"};
  const char* const same_kind[] = {
      "1111111111111", "0111100001111", "0111100001111", "0111100001111", "0111100001111",
      "0111111111111", "0111111111111", "0111111111111", "0111111111111", "0000000001111",
      "0000000001111", "0000000000011", "0000000000011"};
  const int numeric = static_cast<int>(std::size(kAllDTypes)) - 1;  // all but bytes
  for (int f = 0; f < numeric; ++f)
    for (int t = 0; t < numeric; ++t) {
      const DType from = kAllDTypes[f], to = kAllDTypes[t];
      EXPECT_EQ(can_cast(from, to, Casting::Safe), safe[f][t] == '1') << dtype_name(from) << " -> " << dtype_name(to);
      EXPECT_EQ(can_cast(from, to, Casting::SameKind), same_kind[f][t] == '1') << dtype_name(from) << " -> " << dtype_name(to);
      EXPECT_EQ(can_cast(from, to, Casting::No), f == t);
      EXPECT_EQ(can_cast(from, to, Casting::Equiv), f == t);
      EXPECT_TRUE(can_cast(from, to, Casting::Unsafe));
    }
  EXPECT_TRUE(can_cast(DType::Bytes, DType::Bytes, Casting::Safe));
  EXPECT_FALSE(can_cast(DType::Bytes, DType::Float64, Casting::Unsafe));
  EXPECT_FALSE(can_cast(DType::Int32, DType::Bytes, Casting::Unsafe));
  EXPECT_EQ(casting_from_name("same_kind"), Casting::SameKind);
  EXPECT_EQ(casting_from_name("unsafe"), Casting::Unsafe);
  EXPECT_FALSE(casting_from_name("sometimes").has_value());
}

// numexpr's order for reals; complex128 whenever float64 or complex128 takes part.
TEST(Casting, CommonTypes) {
  EXPECT_EQ(common_type(DType::Int64, DType::Float32), DType::Float32);
  EXPECT_EQ(common_type(DType::Int8, DType::UInt8), DType::Int32);  // both widen on load
  EXPECT_EQ(common_type(DType::UInt32, DType::Int32), DType::Int64);
  EXPECT_EQ(common_type(DType::Complex64, DType::Float32), DType::Complex64);
  EXPECT_EQ(common_type(DType::Complex64, DType::Int64), DType::Complex64);
  EXPECT_EQ(common_type(DType::Complex64, DType::Float64), DType::Complex128);
  EXPECT_EQ(common_type(DType::Bool, DType::Complex128), DType::Complex128);
  EXPECT_EQ(common_type(DType::Bytes, DType::Bytes), DType::Bytes);
  EXPECT_FALSE(common_type(DType::Bytes, DType::Int32).has_value());
  EXPECT_EQ(compute_type(DType::UInt64), DType::Int64);
  EXPECT_EQ(compute_type(DType::Complex64), DType::Complex64);
  EXPECT_EQ(real_part_type(DType::Complex64), DType::Float32);
  EXPECT_EQ(complex_type_of(DType::Float64), DType::Complex128);
}

TEST(Casting, OutOfAnotherDtypeFollowsTheRule) {
  const Array a = Array::from<double>({1.5, -2.5, 3.75});
  Array out32 = Array::zeros(DType::Float32, {3});
  try {
    evaluate("a * 2", {{"a", a}}, out32);
    FAIL() << "float64 -> float32 is not safe";
  } catch (const TypeError& e) {
    EXPECT_STREQ(e.what(), "cannot cast the result of 'a * 2' from float64 to out's float32 under the casting rule 'safe'");
  }
  evaluate("a * 2", {{"a", a}}, out32, {}, Casting::SameKind);
  EXPECT_EQ(out32.to_vector<float>(), (std::vector<float>{3.0f, -5.0f, 7.5f}));

  Array out_int = Array::zeros(DType::Int64, {3});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, out_int, {}, Casting::SameKind), TypeError);
  evaluate("a * 2", {{"a", a}}, out_int, {}, Casting::Unsafe);
  EXPECT_EQ(out_int.to_vector<std::int64_t>(), (std::vector<std::int64_t>{3, -5, 7}));

  const Array i = Array::from<std::int32_t>({1, 2, 3});
  Array out64 = Array::zeros(DType::Float64, {3});
  evaluate("i * 3", {{"i", i}}, out64);  // int32 -> float64 is safe: the default rule allows it
  EXPECT_EQ(out64.to_vector<double>(), (std::vector<double>{3, 6, 9}));
  EXPECT_THROW(evaluate("i * 3", {{"i", i}}, out64, {}, Casting::No), TypeError);
}

TEST(Casting, ReductionsConvertTheirResult) {
  const Array a = Array::from<std::int32_t>({1, 2, 3, 4}, Shape{2, 2});
  Array total = Array::zeros(DType::Float64, {});
  evaluate("sum(a)", {{"a", a}}, total);  // int64 sum -> float64 is safe
  EXPECT_EQ(total.at<double>({}), 10.0);
  Array columns = Array::zeros(DType::Int32, {2});
  EXPECT_THROW(evaluate("sum(a, axis=0)", {{"a", a}}, columns), TypeError);
  evaluate("sum(a, axis=0)", {{"a", a}}, columns, {}, Casting::SameKind);
  EXPECT_EQ(columns.to_vector<std::int32_t>(), (std::vector<std::int32_t>{4, 6}));
}

}  // namespace
}  // namespace exprjit
