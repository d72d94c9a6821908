// Kernel calls on the expressions: every size x dtype on one thread, then thread
// scaling (1 -> 2) on the compute-bound ones, next to a memcpy moving the same bytes.
//
//   build/bin/exprjit-benchmarks --benchmark_filter='Kernel/'          the matrix
//   build/bin/exprjit-benchmarks --benchmark_filter='Threads/'         scaling
#include <string>

#include <benchmark/benchmark.h>

#include "tools/bench/inputs.h"
#include "tools/bench/timing.h"

namespace exprjit::bench {
namespace {

constexpr std::int64_t kSizes[] = {1'000, 100'000, 10'000'000};
constexpr std::int64_t kLarge = 10'000'000;

void report(benchmark::State& state, const Case& c, std::int64_t n) {
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations()) * c.bytes()));
}

void kernel_call(benchmark::State& state, std::string_view expression, DType type, std::int64_t n, int threads) {
  set_num_threads(threads);
  const Case c = make_case(expression, type, n);
  for (auto _ : state) {
    c.run();
    benchmark::ClobberMemory();
  }
  report(state, c, n);
}

// memcpy of as many bytes as `expression` moves at this size, on `threads` threads.
void copy_reference(benchmark::State& state, std::string_view expression, DType type, std::int64_t n, int threads) {
  const Case c = make_case(expression, type, n);
  ParallelCopy copy(static_cast<std::int64_t>(c.bytes()), threads);
  for (auto _ : state) {
    copy.run();
    benchmark::ClobberMemory();
  }
  report(state, c, n);
}

std::string name_of(const char* group, std::string_view expression, DType type, std::int64_t n, int threads) {
  return std::string(group) + "/" + std::string(expression) + "/" + std::string(dtype_name(type)) + "/" +
         std::to_string(n) + "/threads:" + std::to_string(threads);
}

void register_all() {
  for (DType type : {DType::Float64, DType::Float32})
    for (std::string_view expression : kExpressions)
      for (std::int64_t n : kSizes)
        benchmark::RegisterBenchmark(name_of("Kernel", expression, type, n, 1).c_str(), kernel_call, expression, type,
                                     n, 1)
            ->Unit(benchmark::kMicrosecond)
            ->UseRealTime();
  for (std::string_view expression : kComputeBound)
    for (int threads : {1, 2})
      benchmark::RegisterBenchmark(name_of("Threads", expression, DType::Float64, kLarge, threads).c_str(),
                                   kernel_call, expression, DType::Float64, kLarge, threads)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
  for (std::string_view expression : {"2*a+3*b", "a*b+c*d"})
    for (int threads : {1, 2})
      benchmark::RegisterBenchmark(name_of("Memcpy", expression, DType::Float64, kLarge, threads).c_str(),
                                   copy_reference, expression, DType::Float64, kLarge, threads)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
}

const bool registered = (register_all(), true);

}  // namespace
}  // namespace exprjit::bench
