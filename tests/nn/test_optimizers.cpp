// The optimisers on functions with known minima: a convex quadratic and the Rosenbrock function,
// and the line search's strong Wolfe guarantee.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "exprjit/error.h"
#include "nn/line_search.h"
#include "nn/optimizer.h"

namespace exprjit::nn {
namespace {

// f(x) = 1/2 sum_i d_i (x_i - i)^2 with condition number 100; minimum 0 at x_i = i.
template <class T>
Objective<T> quadratic(int n) {
  return [n](std::span<const T> x, std::span<T> g) {
    double f = 0;
    for (int i = 0; i < n; ++i) {
      const double d = 1 + 99.0 * i / (n - 1), r = double(x[i]) - i;
      f += 0.5 * d * r * r;
      g[i] = T(d * r);
    }
    return T(f);
  };
}

// The n-dimensional Rosenbrock function; minimum 0 at x = (1, ..., 1).
Objective<double> rosenbrock() {
  return [](std::span<const double> x, std::span<double> g) {
    double f = 0;
    std::fill(g.begin(), g.end(), 0.0);
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
      const double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
      f += 100 * a * a + b * b;
      g[i] += -400 * a * x[i] - 2 * b;
      g[i + 1] += 200 * a;
    }
    return f;
  };
}

FullBatchOptions iterations(int n, double tolerance = 1e-8) { return {n, tolerance}; }

TEST(ConjugateGradient, SolvesAQuadratic) {
  std::vector<double> x(20, 0.0);
  const auto result = conjugate_gradient<double>(quadratic<double>(20), x, iterations(200));
  EXPECT_EQ(result.stop_reason, "gradient norm below tolerance");
  for (int i = 0; i < 20; ++i) EXPECT_NEAR(x[i], i, 1e-6);
}

TEST(ConjugateGradient, SolvesRosenbrock) {
  std::vector<double> x{-1.2, 1.0, -1.2, 1.0};
  const auto result = conjugate_gradient<double>(rosenbrock(), x, iterations(2000, 1e-7));
  EXPECT_EQ(result.stop_reason, "gradient norm below tolerance");
  for (double v : x) EXPECT_NEAR(v, 1.0, 1e-5);
}

TEST(ConjugateGradient, StopsAtMaxIterationsAndReportsEachStep) {
  std::vector<double> x{-1.2, 1.0};
  std::vector<double> costs;
  const auto result = conjugate_gradient<double>(rosenbrock(), x, iterations(5), [&](const IterationReport& r, auto) {
    costs.push_back(r.cost);
    EXPECT_EQ(r.iteration, int(costs.size()));
    return true;
  });
  EXPECT_EQ(result.iterations, 5);
  EXPECT_EQ(result.stop_reason, "maximum iterations");
  ASSERT_EQ(costs.size(), 5u);
  for (std::size_t i = 1; i < costs.size(); ++i) EXPECT_LT(costs[i], costs[i - 1]);  // Wolfe steps decrease f
  EXPECT_GT(result.evaluations, 5);
}

TEST(Lbfgs, SolvesAQuadratic) {
  std::vector<double> x(20, 0.0);
  const auto result = lbfgs<double>(quadratic<double>(20), x, iterations(200));
  EXPECT_EQ(result.stop_reason, "gradient norm below tolerance");
  for (int i = 0; i < 20; ++i) EXPECT_NEAR(x[i], i, 1e-6);
}

TEST(Lbfgs, SolvesRosenbrock) {
  std::vector<double> x{-1.2, 1.0, -1.2, 1.0, 0.5};
  const auto result = lbfgs<double>(rosenbrock(), x, iterations(500, 1e-7));
  EXPECT_EQ(result.stop_reason, "gradient norm below tolerance");
  for (double v : x) EXPECT_NEAR(v, 1.0, 1e-5);
}

TEST(Lbfgs, Float32Quadratic) {
  std::vector<float> x(10, 0.0f);
  lbfgs<float>(quadratic<float>(10), x, iterations(200, 1e-3));
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(x[i], float(i), 1e-3f);
}

TEST(GradientDescent, ConvergesOnAQuadraticWithASafeRate) {
  std::vector<double> x(5, 0.0);
  // The largest curvature is 100: a rate below 2/100 converges.
  const auto result = gradient_descent<double>(quadratic<double>(5), x, iterations(5000), 0.015);
  EXPECT_EQ(result.stop_reason, "gradient norm below tolerance");
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(x[i], i, 1e-6);
}

TEST(GradientDescent, ReportsDivergence) {
  std::vector<double> x(5, 0.0);
  const auto result = gradient_descent<double>(quadratic<double>(5), x, iterations(5000), 0.5);
  EXPECT_NE(result.stop_reason, "gradient norm below tolerance");
  EXPECT_THROW(gradient_descent<double>(quadratic<double>(5), x, iterations(5), -1.0), ValueError);
}

TEST(LineSearch, AcceptedStepSatisfiesStrongWolfe) {
  // phi(a) = f(x + a p) for Rosenbrock from the classic start along steepest descent.
  const auto f = rosenbrock();
  std::vector<double> x{-1.2, 1.0}, g(2), x_new(2), g_new(2);
  const double f0 = f(x, g);
  std::vector<double> p{-g[0], -g[1]};
  const double slope = g[0] * p[0] + g[1] * p[1];
  for (double c2 : {0.1, 0.4, 0.9}) {
    LineSearchOptions options;
    options.c2 = c2;
    const auto r = strong_wolfe_search<double>(f, x, p, f0, slope, 1.0, x_new, g_new, options);
    ASSERT_TRUE(r.found) << "c2 = " << c2;
    EXPECT_LE(r.cost, f0 + options.c1 * r.step * slope);
    EXPECT_LE(std::abs(g_new[0] * p[0] + g_new[1] * p[1]), -c2 * slope);
    EXPECT_DOUBLE_EQ(x_new[0], x[0] + r.step * p[0]);  // buffers hold the accepted point
  }
}

TEST(LineSearch, RefusesAnAscentDirection) {
  const auto f = rosenbrock();
  std::vector<double> x{-1.2, 1.0}, g(2), x_new(2), g_new(2);
  const double f0 = f(x, g);
  const std::vector<double> p{g[0], g[1]};
  EXPECT_FALSE(strong_wolfe_search<double>(f, x, p, f0, g[0] * p[0] + g[1] * p[1], 1.0, x_new, g_new, {}).found);
}

}  // namespace
}  // namespace exprjit::nn
