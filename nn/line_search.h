// A line search satisfying the strong Wolfe conditions (Nocedal & Wright, Algorithms 3.5 and
// 3.6, with the cubic/quadratic interpolation safeguards of scipy's scalar_search_wolfe2):
//   f(x + a p) <= f(x) + c1 a g.p     and     |grad f(x + a p).p| <= c2 |g.p|.
#pragma once

#include <functional>
#include <span>

#include "nn/optimizer.h"

namespace exprjit::nn {

struct LineSearchOptions {
  double c1 = 1e-4;
  double c2 = 0.9;
  double max_step = 1e100;
  int max_iterations = 10;  // of the bracketing phase and of the zoom phase each
};

struct LineSearchResult {
  bool found = false;
  double step = 0;
  double cost = 0;
  long evaluations = 0;
};

// Searches along `direction` from x, where f(x) = `cost` and the directional derivative is
// `slope` (< 0). Trial points and their gradients go to `x_new`/`gradient_new`; on success they
// hold the accepted point. `accept` (optional) is an extra condition the accepted point must meet.
template <class T>
LineSearchResult strong_wolfe_search(const Objective<T>& f, std::span<const T> x, std::span<const T> direction,
                                     double cost, double slope, double initial_step, std::span<T> x_new,
                                     std::span<T> gradient_new, const LineSearchOptions& options,
                                     const std::function<bool()>& accept = {});

}  // namespace exprjit::nn
