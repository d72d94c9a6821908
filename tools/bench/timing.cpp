#include "tools/bench/timing.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

namespace exprjit::bench {
namespace {

double seconds_for(const std::function<void()>& call, std::int64_t calls) {
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < calls; ++i) call();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

double median_seconds_per_call(const std::function<void()>& call, int samples, double min_sample_seconds) {
  double once = seconds_for(call, 1);  // warm-up: pages in the output, spins up threads
  std::int64_t batch = 1;
  while (once * static_cast<double>(batch) < min_sample_seconds) {
    batch *= 2;
    once = seconds_for(call, batch) / static_cast<double>(batch);
  }
  std::vector<double> per_call;
  for (int s = 0; s < std::max(samples, 1); ++s) per_call.push_back(seconds_for(call, batch) / static_cast<double>(batch));
  std::nth_element(per_call.begin(), per_call.begin() + per_call.size() / 2, per_call.end());
  return per_call[per_call.size() / 2];
}

struct ParallelCopy::State {
  std::vector<char> source, target;
  int threads;
  std::unique_ptr<tbb::task_arena> arena;
};

ParallelCopy::ParallelCopy(std::int64_t bytes, int threads)
    : state_(std::make_unique<State>(State{std::vector<char>(static_cast<std::size_t>(std::max<std::int64_t>(bytes / 2, 1)), 1),
                       std::vector<char>(static_cast<std::size_t>(std::max<std::int64_t>(bytes / 2, 1)), 2),
                       std::max(threads, 1), nullptr})) {
  if (state_->threads > 1) state_->arena = std::make_unique<tbb::task_arena>(state_->threads);
}

ParallelCopy::~ParallelCopy() = default;

void ParallelCopy::run() {
  State& s = *state_;
  const std::size_t size = s.source.size();
  if (s.threads == 1) {
    std::memcpy(s.target.data(), s.source.data(), size);
    return;
  }
  const std::size_t part = (size + s.threads - 1) / s.threads;
  s.arena->execute([&] {
    tbb::parallel_for(0, s.threads, [&](int t) {
      const std::size_t begin = std::min(size, part * t);
      std::memcpy(s.target.data() + begin, s.source.data() + begin, std::min(size, begin + part) - begin);
    });
  });
}

}  // namespace exprjit::bench
