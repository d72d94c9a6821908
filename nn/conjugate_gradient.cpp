// Nonlinear conjugate gradient as scipy.optimize.minimize(method='CG') does it (scipy's
// _minimize_cg): Polak-Ribiere+ (beta = max(0, g1.(g1 - g0) / g0.g0)), a strong-Wolfe line search
// with c2 = 0.4 that also demands the next direction be a descent direction
// (p1.g1 <= -0.01 g1.g1), and the first trial step min(1, 2.02 (f_k - f_{k-1}) / g.p).
#include <cmath>
#include <vector>

#include "nn/blas.h"
#include "nn/line_search.h"
#include "nn/optimizer.h"
#include "nn/optimizer_progress.h"

namespace exprjit::nn {

template <class T>
OptimizeResult conjugate_gradient(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options,
                                  const Observer<T>& observe) {
  constexpr double kDescent = 0.01;  // scipy's sigma_3
  const auto n = static_cast<std::int64_t>(x.size());
  std::vector<T> g(x.size()), x_new(x.size()), g_new(x.size()), p(x.size());
  Progress<T> progress(options, observe);
  double cost = f(x, g);
  progress.count_evaluations(1);
  double previous_cost = cost + std::sqrt(double(blas::dot<T>(n, g.data(), g.data()))) / 2;
  blas::copy<T>(n, g.data(), p.data());
  blas::scal<T>(n, T(-1), p.data());
  double gnorm = blas::max_abs<T>(n, g.data());

  LineSearchOptions search;
  search.c2 = 0.4;
  while (progress.should_continue(gnorm)) {
    const double gg = blas::dot<T>(n, g.data(), g.data());
    const double slope = blas::dot<T>(n, g.data(), p.data());
    double initial = 1.0;
    if (slope != 0) initial = std::min(1.0, 1.01 * 2 * (cost - previous_cost) / slope);
    if (!(initial > 0)) initial = 1.0;

    double beta = 0;  // set by the acceptance test for the point the search accepts
    auto descent_next = [&] {
      const double g1g1 = blas::dot<T>(n, g_new.data(), g_new.data());
      const double g1g0 = blas::dot<T>(n, g_new.data(), g.data());
      beta = std::max(0.0, (g1g1 - g1g0) / gg);
      if (blas::max_abs<T>(n, g_new.data()) <= options.gradient_tolerance) return true;
      const double p1g1 = -g1g1 + beta * double(blas::dot<T>(n, p.data(), g_new.data()));
      return p1g1 <= -kDescent * g1g1;
    };
    const LineSearchResult step =
        strong_wolfe_search<T>(f, x, p, cost, slope, initial, x_new, g_new, search, descent_next);
    progress.count_evaluations(step.evaluations);
    if (!step.found) {
      progress.stop(kLineSearchFailed);
      break;
    }
    previous_cost = cost;
    cost = step.cost;
    blas::copy<T>(n, x_new.data(), x.data());
    blas::scal<T>(n, T(beta), p.data());  // p = -g_new + beta p
    blas::axpy<T>(n, T(-1), g_new.data(), p.data());
    blas::copy<T>(n, g_new.data(), g.data());
    gnorm = blas::max_abs<T>(n, g.data());
    if (!progress.step_done(cost, gnorm, x)) break;
  }
  return progress.finish(cost, gnorm);
}

template OptimizeResult conjugate_gradient<float>(const Objective<float>&, std::span<float>, const FullBatchOptions&,
                                                  const Observer<float>&);
template OptimizeResult conjugate_gradient<double>(const Objective<double>&, std::span<double>,
                                                   const FullBatchOptions&, const Observer<double>&);

}  // namespace exprjit::nn
