// The bookkeeping the full-batch optimisers share: the stopping rules, the observer and the
// result. Internal to nn/ (used by conjugate_gradient, lbfgs and gradient_descent).
#pragma once

#include <span>
#include <string>
#include <utility>

#include "nn/optimizer.h"

namespace exprjit::nn {

template <class T>
class Progress {
 public:
  Progress(const FullBatchOptions& options, const Observer<T>& observe) : options_(options), observe_(observe) {
    result_.stop_reason = "maximum iterations";
  }

  void count_evaluations(long n) { result_.evaluations += n; }

  // Whether to take another step from a point with this gradient norm; if not, says why.
  bool should_continue(double gradient_norm) {
    if (stopped_) return false;
    if (gradient_norm <= options_.gradient_tolerance) return stop("gradient norm below tolerance");
    return result_.iterations < options_.max_iterations;
  }

  // Counts a finished step and reports it; false when the observer asks to stop.
  bool step_done(double cost, double gradient_norm, std::span<const T> x) {
    ++result_.iterations;
    if (observe_ && !observe_({result_.iterations, cost, gradient_norm, result_.evaluations}, x))
      return stop("stopped by observer");
    return true;
  }

  // Ends the run for `reason`; returns false so that callers can write `return progress.stop(...)`.
  bool stop(std::string reason) {
    result_.stop_reason = std::move(reason);
    stopped_ = true;
    return false;
  }

  OptimizeResult finish(double cost, double gradient_norm) {
    result_.cost = cost;
    result_.gradient_norm = gradient_norm;
    return result_;
  }

 private:
  const FullBatchOptions& options_;
  const Observer<T>& observe_;
  OptimizeResult result_;
  bool stopped_ = false;
};

inline constexpr const char* kLineSearchFailed = "line search failed (no strong-Wolfe step along the direction)";

}  // namespace exprjit::nn
