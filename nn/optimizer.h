// What the full-batch optimisers share: the objective they minimise, the per-iteration report
// they give an observer, and the result.
#pragma once

#include <functional>
#include <span>
#include <string>

namespace exprjit::nn {

// Returns f(x) and writes the gradient of f at x.
template <class T>
using Objective = std::function<T(std::span<const T> x, std::span<T> gradient)>;

struct IterationReport {
  int iteration = 0;         // 1-based, after the step
  double cost = 0;
  double gradient_norm = 0;  // max |g_i|, scipy's default norm for the stopping test
  long evaluations = 0;      // objective evaluations so far
};

// Called after each iteration with the new point; returning false stops the optimiser.
template <class T>
using Observer = std::function<bool(const IterationReport&, std::span<const T> x)>;

struct OptimizeResult {
  int iterations = 0;
  long evaluations = 0;
  double cost = 0;
  double gradient_norm = 0;
  std::string stop_reason;  // "maximum iterations", "gradient norm below tolerance", ...
};

struct FullBatchOptions {
  int max_iterations = 50;
  double gradient_tolerance = 1e-5;  // stop when max |g_i| <= this (scipy's gtol)
};

// Nonlinear conjugate gradient, Polak-Ribiere+ with a strong-Wolfe line search (c1 = 1e-4,
// c2 = 0.4) and scipy.optimize.minimize(method='CG')'s step and descent rules. `x` is updated in place.
template <class T>
OptimizeResult conjugate_gradient(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options,
                                  const Observer<T>& observe = {});

// Limited-memory BFGS (two-loop recursion, `memory` pairs) with a strong-Wolfe line search (c2 = 0.9).
template <class T>
OptimizeResult lbfgs(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options, int memory = 10,
                     const Observer<T>& observe = {});

// x <- x - learning_rate * grad f(x), one evaluation per iteration.
template <class T>
OptimizeResult gradient_descent(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options,
                                double learning_rate, const Observer<T>& observe = {});

}  // namespace exprjit::nn
