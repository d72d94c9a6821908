// Inputs on which SLEEF 3.5.1 alone exceeds exprjit's bounds (found by build/bin/exprjit-accuracy,
// see docs/accuracy.md) and the results exprjit must give instead: the correctly rounded ones.
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

const Accuracy kModes[] = {Accuracy::Precise, Accuracy::Fast};

template <class T> std::vector<T> run(const std::string& expression, const std::vector<std::vector<T>>& columns,
                                      Accuracy mode) {
  Signature signature;
  std::vector<Operand> args;
  const char* names[] = {"x", "y"};
  for (std::size_t i = 0; i < columns.size(); ++i) {
    signature.push_back({names[i], dtype_of<T>});
    args.emplace_back(Array::from(columns[i]));
  }
  const Array out = compile(expression, signature, Options{mode})(args);
  return out.to_vector<T>();
}

// tanh, arcsinh, arctanh of |x| < 2^-13 (float32) round to x itself; Sleef_tanhf16_u10 and
// friends returned a neighbour of x for some of these (error just over 1 ULP).
template <class T> void expect_identity_on_tiny(const std::vector<T>& xs) {
  for (const char* function : {"tanh", "arcsinh", "arctanh"}) {
    for (Accuracy mode : kModes) {
      const std::vector<T> got = run<T>(std::string(function) + "(x)", {xs}, mode);
      for (std::size_t i = 0; i < xs.size(); ++i) {
        EXPECT_EQ(got[i], xs[i]) << function << "(" << xs[i] << ") mode " << static_cast<int>(mode);
        EXPECT_EQ(std::signbit(got[i]), std::signbit(xs[i])) << function << "(" << xs[i] << ")";
      }
    }
  }
}

TEST(SleefRepairs, TinyArgumentsFloat32) {
  expect_identity_on_tiny<float>({0x1.3fd6c2p-24f, -0x1.3fd6c2p-24f, 0x1.30d2f2p-24f, -0x1.66c29ep-25f,
                                  -0x1.4b990ep-25f, -0x1.ff96c2p-25f, 0x1.fffffep-14f, 1e-40f, -1e-45f, -0.0f,
                                  0.0f, FLT_MIN, 1e-20f});
}

TEST(SleefRepairs, TinyArgumentsFloat64) {
  expect_identity_on_tiny<double>({0x1.fffffffffffffp-28, -1e-9, 1e-20, 1e-300, 5e-324, -1e-310, -0.0, DBL_MIN});
}

// Sleef_tanhd8_u10 returned +-1 from |x| > 18.714973875, but below 55*ln(2)/2 = 19.06 the
// correctly rounded tanh is 1 - 2^-53.
TEST(SleefRepairs, TanhNearSaturationFloat64) {
  const std::vector<double> xs = {18.72, 18.8, 18.9, 19.0, -18.72, -19.0, 19.1, -19.1, 20.0, 18.6, 18.0};
  const double below_one = std::nextafter(1.0, 0.0);
  const std::vector<double> expected = {below_one, below_one,  below_one, below_one, -below_one, -below_one,
                                        1.0,       -1.0,       1.0,       std::tanh(18.6), std::tanh(18.0)};
  const std::vector<double> got = run<double>("tanh(x)", {xs}, Accuracy::Precise);
  for (std::size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(got[i], expected[i]) << "tanh(" << xs[i] << ")";
  EXPECT_EQ(std::tanh(18.6), below_one);  // glibc agrees where it is correctly rounded
}

// Sleef_hypotf16_u35 (fast mode) returned FLT_MAX where the correctly rounded result is inf.
TEST(SleefRepairs, HypotOverflowsToInfinityInBothModes) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (Accuracy mode : kModes) {
    const std::vector<float> got =
        run<float>("hypot(x, y)", {{FLT_MAX, FLT_MAX, -FLT_MAX, 3e38f, 1.0f}, {-0x1.3517b4p+116f, FLT_MAX, 1e36f, 3e38f, FLT_MAX}}, mode);
    EXPECT_EQ(got[0], kInf);
    EXPECT_EQ(got[1], kInf);
    EXPECT_EQ(got[2], static_cast<float>(std::hypot(-static_cast<double>(FLT_MAX), 1e36)));
    EXPECT_EQ(got[3], kInf);
    EXPECT_EQ(got[4], FLT_MAX);
    const std::vector<double> wide = run<double>("hypot(x, y)", {{DBL_MAX, DBL_MAX / 2}, {DBL_MAX / 128, DBL_MAX / 2}}, mode);
    EXPECT_EQ(wide[0], std::numeric_limits<double>::infinity());
    EXPECT_EQ(wide[1], std::hypot(DBL_MAX / 2, DBL_MAX / 2));
  }
}

}  // namespace
}  // namespace exprjit
