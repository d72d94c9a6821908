// The measuring instrument of build/bin/exprjit-accuracy: the ULP error against MPFR's exact
// result (powers of two, subnormals, overflow, NaN, signed zeros) and the sweep points.
#include <cfloat>
#include <cstring>
#include <cmath>
#include <limits>
#include <optional>

#include <gtest/gtest.h>

#include "tools/accuracy/points.h"
#include "tools/accuracy/reference.h"
#include "tools/accuracy/ulp.h"

namespace exprjit::accuracy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class T> Exact<T> exact(const char* name, T x, T y = 0) {
  const Case* c = find_case(name);
  Points<T> p{{x}, {}};
  if (c->arity == 2) p.y = {y};
  return exact_results<T>(*c, p)[0];
}

double error(double computed, const Exact<double>& e) { return ulp_error(computed, e).value(); }

TEST(UlpError, CorrectlyRoundedIsAtMostHalfAndNeighboursAreAbove) {
  const Exact<double> e = exact<double>("exp", 1.0);
  EXPECT_EQ(e.rounded, 0x1.5bf0a8b145769p+1);  // e, correctly rounded
  EXPECT_LT(error(e.rounded, e), 0.5);
  const double up = error(std::nextafter(e.rounded, kInf), e);
  const double down = error(std::nextafter(e.rounded, 0.0), e);
  EXPECT_GT(up, 0.5);
  EXPECT_GT(down, 0.5);
  EXPECT_NEAR(up + down, 2.0, 1e-12);  // the exact value lies between the two neighbours
}

// exp(-2^-60) = 1 - 2^-60 + ..., just below 1: it rounds to 1, and the ULP is the spacing below 1
// (2^-53), not above (2^-52).
TEST(UlpError, UlpOfTheExactValueBelowAPowerOfTwo) {
  const Exact<double> e = exact<double>("exp", -0x1p-60);
  EXPECT_EQ(e.rounded, 1.0);
  EXPECT_NEAR(error(1.0, e), 0x1p-7, 1e-12);
  EXPECT_NEAR(error(std::nextafter(1.0, 0.0), e), 1 - 0x1p-7, 1e-12);
}

// 3 * 2^-1074 * 0.5 is a tie between two subnormals; the ULP there is the smallest subnormal.
TEST(UlpError, SubnormalResultsUseTheSmallestSubnormalAsUlp) {
  const Exact<double> e = exact<double>("mul", 3 * DBL_TRUE_MIN, 0.5);
  EXPECT_EQ(e.rounded, 2 * DBL_TRUE_MIN);  // ties to even
  EXPECT_DOUBLE_EQ(error(2 * DBL_TRUE_MIN, e), 0.5);
  EXPECT_DOUBLE_EQ(error(DBL_TRUE_MIN, e), 0.5);
  EXPECT_DOUBLE_EQ(error(0.0, e), 1.5);
  const Exact<float> f = exact<float>("exp", -100.0f);  // 3.7e-44, subnormal in float32
  EXPECT_LE(ulp_error(f.rounded, f).value(), 0.5);
  EXPECT_NEAR(ulp_error(std::nextafter(f.rounded, 1.0f), f).value() + ulp_error(std::nextafter(f.rounded, 0.0f), f).value(),
              2.0, 1e-6);
}

TEST(UlpError, OverflowMustBeInfinityExactlyWhenTheRoundedResultIs) {
  const Exact<double> over = exact<double>("exp", 710.0);  // 2.2e308: rounds to inf
  EXPECT_EQ(over.rounded, kInf);
  EXPECT_EQ(ulp_error(kInf, over), 0.0);
  EXPECT_EQ(ulp_error(DBL_MAX, over), std::nullopt);
  EXPECT_EQ(ulp_error(-kInf, over), std::nullopt);
  const Exact<double> below = exact<double>("exp", 709.78);  // finite
  EXPECT_EQ(ulp_error(kInf, below), std::nullopt);
  const Exact<float> hyp = exact<float>("hypot", FLT_MAX, -0x1.3517b4p+116f);  // just over FLT_MAX + half ULP
  EXPECT_EQ(hyp.rounded, std::numeric_limits<float>::infinity());
  EXPECT_EQ(ulp_error(FLT_MAX, hyp), std::nullopt);
}

TEST(UlpError, NanExactlyWhenTheExactResultIsNan) {
  const Exact<double> nan = exact<double>("log", -1.0);
  EXPECT_TRUE(std::isnan(nan.rounded));
  EXPECT_EQ(ulp_error(kNaN, nan), 0.0);
  EXPECT_EQ(ulp_error(0.0, nan), std::nullopt);
  EXPECT_EQ(ulp_error(kNaN, exact<double>("log", 1.0)), std::nullopt);
  EXPECT_EQ(exact<double>("pow", kNaN, 0.0).rounded, 1.0);  // C99/NumPy: x**0 == 1 even for NaN
}

TEST(UlpError, ZeroResultsMustHaveTheRightSign) {
  const Exact<double> e = exact<double>("mul", -0.0, 1.0);
  EXPECT_TRUE(std::signbit(e.rounded));
  EXPECT_EQ(ulp_error(-0.0, e), 0.0);
  EXPECT_EQ(ulp_error(0.0, e), std::nullopt);
  const Exact<double> under = exact<double>("mul", -DBL_TRUE_MIN, 0.25);  // underflows to -0
  EXPECT_EQ(ulp_error(-0.0, under), 0.25);
  EXPECT_EQ(ulp_error(0.0, under), std::nullopt);
}

TEST(UlpError, SumsRoundTiesToEven) {
  EXPECT_EQ(exact<double>("add", 1.0, 0x1p-53).rounded, 1.0);
  EXPECT_EQ(exact<double>("add", 1.0, 0x1p-53 + 0x1p-105).rounded, 1.0 + 0x1p-52);
  EXPECT_EQ(exact<double>("sub", 1.0 + 0x1p-52, 0x1p-53).rounded, 1.0);  // 1 + 2^-53: a tie, to even
  EXPECT_EQ(exact<float>("add", 1.0f, 0x1p-24f).rounded, 1.0f);
  EXPECT_EQ(exact<float>("add", 1.0f, 0x1p-24f + 0x1p-47f).rounded, 1.0f + 0x1p-23f);
}

TEST(Measure, CountsClassMismatchesApartFromErrors) {
  const Exact<double> e[] = {exact<double>("exp", 1.0), exact<double>("log", -1.0), exact<double>("exp", 0.0)};
  const double computed[] = {std::nextafter(e[0].rounded, kInf), 0.0, 1.0};
  const ErrorStats s = measure<double>(computed, e);
  EXPECT_EQ(s.points, 3u);
  EXPECT_EQ(s.mismatches, 1u);
  EXPECT_EQ(s.first_mismatch, 1u);
  EXPECT_EQ(s.measured, 2u);
  EXPECT_EQ(s.worst, 0u);
  EXPECT_GT(s.max, 0.5);
  EXPECT_FALSE(s.within(100.0));
  EXPECT_DOUBLE_EQ(s.mean(), s.max / 2);  // exp(0) == 1 exactly
}

TEST(Points, SpecialValuesFirstThenDeterministicSamples) {
  const Case& exp = *find_case("exp");
  const Points<double> a = sweep_points<double>(exp, 5000, 7);
  const Points<double> b = sweep_points<double>(exp, 5000, 7);
  const Points<double> c = sweep_points<double>(exp, 5000, 8);
  ASSERT_EQ(a.size(), 5000u);
  EXPECT_TRUE(a.y.empty());
  EXPECT_EQ(std::memcmp(a.x.data(), b.x.data(), a.size() * sizeof(double)), 0);
  EXPECT_NE(std::memcmp(a.x.data(), c.x.data(), a.size() * sizeof(double)), 0);
  int nan = 0, infinite = 0, negative_zero = 0, subnormal = 0, near_overflow = 0;
  for (double x : a.x) {
    nan += std::isnan(x);
    infinite += std::isinf(x);
    negative_zero += x == 0 && std::signbit(x);
    subnormal += std::fpclassify(x) == FP_SUBNORMAL;
    near_overflow += std::fabs(x - std::log(DBL_MAX)) < 1e-6;
  }
  EXPECT_GE(nan, 1);
  EXPECT_GE(infinite, 2);
  EXPECT_GE(negative_zero, 1);
  EXPECT_GT(subnormal, 5000 / 20);
  EXPECT_GT(near_overflow, 10);
  const Points<float> pairs = sweep_points<float>(*find_case("pow"), 3000, 1);
  EXPECT_EQ(pairs.x.size(), pairs.y.size());
  EXPECT_GE(pairs.size(), special_values<float>().size() * special_values<float>().size());
}

}  // namespace
}  // namespace exprjit::accuracy
