// Plain full-batch gradient descent with a fixed learning rate.
#include <cmath>
#include <vector>

#include "exprjit/error.h"
#include "nn/blas.h"
#include "nn/optimizer.h"

namespace exprjit::nn {

template <class T>
OptimizeResult gradient_descent(const Objective<T>& f, std::span<T> x, const FullBatchOptions& options,
                                double learning_rate, const Observer<T>& observe) {
  if (!(learning_rate > 0)) throw ValueError("learning rate must be > 0");
  const auto n = static_cast<std::int64_t>(x.size());
  std::vector<T> g(x.size());
  OptimizeResult result;
  result.stop_reason = "maximum iterations";
  double cost = f(x, g);
  result.evaluations = 1;
  double gnorm = blas::max_abs<T>(n, g.data());
  while (true) {
    if (gnorm <= options.gradient_tolerance) {
      result.stop_reason = "gradient norm below tolerance";
      break;
    }
    if (!std::isfinite(cost)) {
      result.stop_reason = "cost is not finite (learning rate too large?)";
      break;
    }
    if (result.iterations >= options.max_iterations) break;
    blas::axpy<T>(n, T(-learning_rate), g.data(), x.data());
    cost = f(x, g);
    ++result.evaluations;
    gnorm = blas::max_abs<T>(n, g.data());
    ++result.iterations;
    // The report carries f at the new point, so this matches the other optimisers' history.
    if (observe && !observe({result.iterations, cost, gnorm, result.evaluations}, x)) {
      result.stop_reason = "stopped by observer";
      break;
    }
  }
  result.cost = cost;
  result.gradient_norm = gnorm;
  return result;
}

template OptimizeResult gradient_descent<float>(const Objective<float>&, std::span<float>, const FullBatchOptions&,
                                                double, const Observer<float>&);
template OptimizeResult gradient_descent<double>(const Objective<double>&, std::span<double>,
                                                 const FullBatchOptions&, double, const Observer<double>&);

}  // namespace exprjit::nn
