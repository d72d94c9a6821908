// Non-temporal output stores (jit::kStreamOutput) against plain stores, same kernel, same
// run: the raw compiled entry called with and without the flag on one thread, next to the
// Memcpy/ reference of kernel_call.cpp. The executor sets the flag for outputs of at least
// executor::kStreamingBytes; this shows what it buys at sizes on both sides of that.
#include <benchmark/benchmark.h>

#include "tools/bench/inputs.h"
#include "compiler/pipeline.h"

namespace exprjit::bench {
namespace {

void raw_call(benchmark::State& state, std::string_view expression, std::int64_t flags) {
  const std::int64_t n = state.range(0);
  const Case c = make_case(expression, DType::Float64, n);
  const auto compiled = pipeline::compile(expression, c.kernel.signature(), {});
  std::vector<char*> data{static_cast<char*>(c.out.data())};
  for (const Array& input : c.inputs) data.push_back(static_cast<char*>(input.data()));
  const std::vector<std::int64_t> strides(data.size(), 8);
  for (auto _ : state) {
    compiled.code->entry()(n, data.data(), strides.data(), flags);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations()) * c.bytes()));
}

void register_all() {
  for (std::string_view expression : {"2*a+3*b", "a*b+c*d", "1/(1+exp(-z))"})
    for (const auto& [label, flags] : {std::pair{"plain", std::int64_t{0}}, std::pair{"stream", jit::kStreamOutput}})
      benchmark::RegisterBenchmark(("Streaming/" + std::string(expression) + "/" + label).c_str(), raw_call,
                                   expression, flags)
          ->Arg(100'000)
          ->Arg(1'000'000)
          ->Arg(10'000'000)
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime();
}

const bool registered = (register_all(), true);

}  // namespace
}  // namespace exprjit::bench
