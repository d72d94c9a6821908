// Per-call overhead of a compiled kernel on 1,000 float64 elements (and on 1, where there is
// no arithmetic to speak of), layer by layer:
//   RawEntry        the JIT-compiled function itself: the arithmetic
//   KernelCall      Kernel::operator()(args, out): argument checks, broadcasting, aliasing
//                   check, executor set-up, then the raw entry
//   KernelNewArray  the same, returning a newly allocated result
//   Evaluate        evaluate(text, bindings, out): variable names, signature, kernel-cache
//                   lookup (a hit), then KernelCall
#include <benchmark/benchmark.h>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "tools/bench/inputs.h"
#include "compiler/pipeline.h"

namespace exprjit::bench {
namespace {

constexpr std::string_view kExpression = "2*a+3*b";

void raw_entry(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const Case c = make_case(kExpression, DType::Float64, n);
  const auto compiled = pipeline::compile(kExpression, c.kernel.signature(), {});
  const jit::KernelFunction entry = compiled.code->entry();
  char* data[] = {static_cast<char*>(c.out.data()), static_cast<char*>(c.inputs[0].data()),
                  static_cast<char*>(c.inputs[1].data())};
  const std::int64_t strides[] = {8, 8, 8};
  for (auto _ : state) {
    entry(n, data, strides, 0);
    benchmark::ClobberMemory();
  }
}

void kernel_call(benchmark::State& state) {
  set_num_threads(1);
  const Case c = make_case(kExpression, DType::Float64, state.range(0));
  for (auto _ : state) {
    c.run();
    benchmark::ClobberMemory();
  }
}

void kernel_new_array(benchmark::State& state) {
  set_num_threads(1);
  const Case c = make_case(kExpression, DType::Float64, state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(c.kernel(c.args));
}

void evaluate_into(benchmark::State& state) {
  set_num_threads(1);
  const Case c = make_case(kExpression, DType::Float64, state.range(0));
  const Bindings bindings{{"a", c.inputs[0]}, {"b", c.inputs[1]}};
  for (auto _ : state) {
    evaluate(kExpression, bindings, c.out);
    benchmark::ClobberMemory();
  }
}

BENCHMARK(raw_entry)->Name("Overhead/RawEntry")->Arg(1)->Arg(1000);
BENCHMARK(kernel_call)->Name("Overhead/KernelCall")->Arg(1)->Arg(1000);
BENCHMARK(kernel_new_array)->Name("Overhead/KernelNewArray")->Arg(1)->Arg(1000);
BENCHMARK(evaluate_into)->Name("Overhead/Evaluate")->Arg(1)->Arg(1000);

}  // namespace
}  // namespace exprjit::bench
