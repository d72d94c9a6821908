// Where training time goes: BLAS calls (GEMM/GEMV) versus exprjit kernels.
#pragma once

#include <chrono>

namespace exprjit::nn {

struct Profile {
  double blas_seconds = 0;
  double kernel_seconds = 0;
  long evaluations = 0;  // cost-and-gradient evaluations
};

// Where a timed scope's seconds go in an optional profile (null: nowhere).
inline double* blas_time(Profile* profile) { return profile ? &profile->blas_seconds : nullptr; }
inline double* kernel_time(Profile* profile) { return profile ? &profile->kernel_seconds : nullptr; }

// Adds the lifetime of the scope to `seconds` (nothing when `seconds` is null).
class ScopedTimer {
 public:
  explicit ScopedTimer(double* seconds) : seconds_(seconds), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    if (seconds_) *seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  double* seconds_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace exprjit::nn
