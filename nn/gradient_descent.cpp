// Plain full-batch gradient descent with a fixed learning rate.
#include <cmath>
#include <vector>

#include "exprjit/error.h"
#include "nn/blas.h"
#include "nn/optimizer.h"
#include "nn/optimizer_progress.h"

namespace exprjit::nn {

template <class T>
OptimizeResult gradient_descent(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options,
                                double learning_rate, const Observer<T>& observe) {
  if (!(learning_rate > 0)) throw ValueError("learning rate must be > 0");
  const auto n = static_cast<std::int64_t>(x.size());
  std::vector<T> g(x.size());
  Progress<T> progress(options, observe);
  double cost = f(x, g);
  progress.count_evaluations(1);
  double gnorm = blas::max_abs<T>(n, g.data());
  while (progress.should_continue(gnorm)) {
    if (!std::isfinite(cost)) {
      progress.stop("cost is not finite (learning rate too large?)");
      break;
    }
    blas::axpy<T>(n, T(-learning_rate), g.data(), x.data());
    cost = f(x, g);
    progress.count_evaluations(1);
    gnorm = blas::max_abs<T>(n, g.data());
    // The report carries f at the new point, so this matches the other optimisers' history.
    if (!progress.step_done(cost, gnorm, x)) break;
  }
  return progress.finish(cost, gnorm);
}

template OptimizeResult gradient_descent<float>(const Objective<float>&, std::span<float>, const FullBatchOptions&,
                                                double, const Observer<float>&);
template OptimizeResult gradient_descent<double>(const Objective<double>&, std::span<double>,
                                                 const FullBatchOptions&, double, const Observer<double>&);

}  // namespace exprjit::nn
