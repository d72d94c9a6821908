// L-BFGS (Nocedal & Wright, Algorithm 7.4/7.5): the two-loop recursion over the last `memory`
// pairs s = x_{k+1} - x_k, y = g_{k+1} - g_k, with H0 = (s.y / y.y) I, and a strong-Wolfe line
// search with c2 = 0.9 trying the unit step first (1/|g| on the first iteration).
#include <cmath>
#include <deque>
#include <vector>

#include "exprjit/error.h"
#include "nn/blas.h"
#include "nn/line_search.h"
#include "nn/optimizer.h"
#include "nn/optimizer_progress.h"

namespace exprjit::nn {
namespace {

template <class T>
struct Pair {
  std::vector<T> s, y;
  double rho;  // 1 / (y.s)
};

// direction = -H g by the two-loop recursion.
template <class T>
void two_loop_direction(const std::deque<Pair<T>>& pairs, const std::vector<T>& g, std::vector<T>& direction) {
  const auto n = static_cast<std::int64_t>(g.size());
  blas::copy<T>(n, g.data(), direction.data());
  std::vector<double> alpha(pairs.size());
  for (std::size_t i = pairs.size(); i-- > 0;) {
    alpha[i] = pairs[i].rho * double(blas::dot<T>(n, pairs[i].s.data(), direction.data()));
    blas::axpy<T>(n, T(-alpha[i]), pairs[i].y.data(), direction.data());
  }
  if (!pairs.empty()) {
    const Pair<T>& last = pairs.back();
    const double yy = blas::dot<T>(n, last.y.data(), last.y.data());
    blas::scal<T>(n, T(1.0 / (last.rho * yy)), direction.data());
  }
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const double beta = pairs[i].rho * double(blas::dot<T>(n, pairs[i].y.data(), direction.data()));
    blas::axpy<T>(n, T(alpha[i] - beta), pairs[i].s.data(), direction.data());
  }
  blas::scal<T>(n, T(-1), direction.data());
}

}  // namespace

template <class T>
OptimizeResult lbfgs(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options, int memory,
                     const Observer<T>& observe) {
  if (memory < 1) throw ValueError("L-BFGS memory must be at least 1");
  const auto n = static_cast<std::int64_t>(x.size());
  std::vector<T> g(x.size()), x_new(x.size()), g_new(x.size()), p(x.size());
  std::deque<Pair<T>> pairs;
  Progress<T> progress(options, observe);
  double cost = f(x, g);
  progress.count_evaluations(1);
  double gnorm = blas::max_abs<T>(n, g.data());

  LineSearchOptions search;
  search.c2 = 0.9;
  while (progress.should_continue(gnorm)) {
    two_loop_direction(pairs, g, p);
    double slope = blas::dot<T>(n, g.data(), p.data());
    if (!(slope < 0)) {  // curvature information went stale: restart from steepest descent
      pairs.clear();
      two_loop_direction(pairs, g, p);
      slope = blas::dot<T>(n, g.data(), p.data());
    }
    const double initial = pairs.empty() ? 1.0 / std::sqrt(double(blas::dot<T>(n, g.data(), g.data()))) : 1.0;
    const LineSearchResult step = strong_wolfe_search<T>(f, x, p, cost, slope, initial, x_new, g_new, search);
    progress.count_evaluations(step.evaluations);
    if (!step.found) {
      progress.stop(kLineSearchFailed);
      break;
    }
    Pair<T> pair{std::vector<T>(x_new), std::vector<T>(g_new), 0};
    blas::axpy<T>(n, T(-1), x.data(), pair.s.data());
    blas::axpy<T>(n, T(-1), g.data(), pair.y.data());
    const double ys = blas::dot<T>(n, pair.y.data(), pair.s.data());
    if (ys > 0) {  // keeps H positive definite
      pair.rho = 1.0 / ys;
      pairs.push_back(std::move(pair));
      if (int(pairs.size()) > memory) pairs.pop_front();
    }
    cost = step.cost;
    blas::copy<T>(n, x_new.data(), x.data());
    blas::copy<T>(n, g_new.data(), g.data());
    gnorm = blas::max_abs<T>(n, g.data());
    if (!progress.step_done(cost, gnorm, x)) break;
  }
  return progress.finish(cost, gnorm);
}

template OptimizeResult lbfgs<float>(const Objective<float>&, std::span<float>, const FullBatchOptions&, int,
                                     const Observer<float>&);
template OptimizeResult lbfgs<double>(const Objective<double>&, std::span<double>, const FullBatchOptions&, int,
                                      const Observer<double>&);

}  // namespace exprjit::nn
