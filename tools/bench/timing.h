// The timing policy tools/bench-compare applies to every contender (its Python side does the
// same for numexpr and NumPy): one warm-up call; calls are batched so that one sample lasts at
// least `min_sample_seconds` (small inputs would otherwise measure the clock); the result is
// the median over `samples` samples of the time per call.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace exprjit::bench {

double median_seconds_per_call(const std::function<void()>& call, int samples, double min_sample_seconds);

// The bandwidth reference: memcpy of `bytes / 2` bytes (so `bytes` are read plus written),
// split into `threads` equal parts run in parallel on a oneTBB arena.
class ParallelCopy {
 public:
  ParallelCopy(std::int64_t bytes, int threads);
  ~ParallelCopy();
  void run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace exprjit::bench
