// Compile latency of a new expression, parse to callable, with the kernel cache cleared so
// every iteration compiles; then the five-operation reference split into the compiler's
// stages (internal headers, benchmark-only):
//   FrontEnd      parse, type-check, simplify
//   EmitIR        codegen to an LLVM module
//   Optimize/Ox   the PassBuilder pipeline jit::optimize runs (O3 is what compile() uses)
//   MachineCode   the x86 backend: optimised IR to an object file in memory
//   JitAdd        jit::compile: ORC's IR compile layer (the backend again), linking,
//                 SLEEF symbol resolution and the lookup of the entry point
// Compile/Full minus their sum is the runtime's own share (cache, CompiledKernel).
#include <atomic>
#include <string>

#include <benchmark/benchmark.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/SubtargetFeature.h>

#include "tools/bench/inputs.h"
#include "compiler/codegen.h"
#include "compiler/jit.h"
#include "compiler/pipeline.h"
#include "compiler/target.h"

namespace exprjit::bench {
namespace {

void full_compile(benchmark::State& state, std::string_view expression) {
  const Signature signature = signature_for(expression, DType::Float64);
  { const Kernel warm = compile(expression, signature); }  // JIT and SLEEF set-up happen once per process
  for (auto _ : state) {
    clear_kernel_cache();
    const Kernel kernel = compile(expression, signature);
    state.PauseTiming();  // freeing the code is not part of the latency
    clear_kernel_cache();
    state.ResumeTiming();
  }
}

// A freshly emitted (and, if `opt_level` > 0, optimised) module of the reference expression.
struct FreshModule {
  std::unique_ptr<llvm::LLVMContext> context = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> module;
  std::string symbol;
};

FreshModule fresh_module(int opt_level) {
  static std::atomic<int> counter{0};
  const Signature signature = signature_for(kFiveOperations, DType::Float64);
  FreshModule fresh;
  fresh.symbol = "bench_kernel_" + std::to_string(counter++);
  const codegen::KernelSource source{pipeline::front_end(kFiveOperations, signature), signature, {}, fresh.symbol};
  fresh.module = codegen::emit_kernel(source, target::host(), *fresh.context);
  jit::optimize(*fresh.module, opt_level);  // level 0 still sets the host data layout
  return fresh;
}

void front_end(benchmark::State& state) {
  const Signature signature = signature_for(kFiveOperations, DType::Float64);
  for (auto _ : state) benchmark::DoNotOptimize(pipeline::front_end(kFiveOperations, signature));
}

void emit_ir(benchmark::State& state) {
  const Signature signature = signature_for(kFiveOperations, DType::Float64);
  const codegen::KernelSource source{pipeline::front_end(kFiveOperations, signature), signature, {}, "kernel"};
  for (auto _ : state) {
    llvm::LLVMContext context;
    benchmark::DoNotOptimize(codegen::emit_kernel(source, target::host(), context));
  }
}

void optimize(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    FreshModule fresh = fresh_module(0);
    state.ResumeTiming();
    jit::optimize(*fresh.module, static_cast<int>(state.range(0)));
  }
}

std::unique_ptr<llvm::TargetMachine> host_machine() {
  const target::Target& host = target::host();
  llvm::orc::JITTargetMachineBuilder builder{llvm::Triple(host.triple)};
  builder.setCPU(host.cpu);
  builder.addFeatures(llvm::SubtargetFeatures(host.features).getFeatures());
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = builder.createTargetMachine();
  if (!machine) {
    llvm::consumeError(machine.takeError());
    return nullptr;
  }
  return std::move(*machine);
}

void target_machine(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(host_machine());
}

void machine_code(benchmark::State& state) {
  const auto machine = host_machine();
  if (!machine) return state.SkipWithError("no host target machine");
  for (auto _ : state) {
    state.PauseTiming();
    FreshModule fresh = fresh_module(3);
    llvm::SmallVector<char, 0> object;
    llvm::raw_svector_ostream stream(object);
    llvm::legacy::PassManager passes;
    if (machine->addPassesToEmitFile(passes, stream, nullptr, llvm::CodeGenFileType::ObjectFile))
      return state.SkipWithError("cannot emit an object file");
    state.ResumeTiming();
    passes.run(*fresh.module);
  }
}

void jit_add(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    FreshModule fresh = fresh_module(3);
    state.ResumeTiming();
    auto code = jit::compile(std::move(fresh.module), std::move(fresh.context), fresh.symbol);
    state.PauseTiming();
    code.reset();
    state.ResumeTiming();
  }
}

void register_all() {
  for (std::string_view expression : kExpressions)
    benchmark::RegisterBenchmark(("Compile/Full/" + std::string(expression)).c_str(), full_compile, expression)
        ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Compile/Stage/FrontEnd", front_end)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("Compile/Stage/EmitIR", emit_ir)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("Compile/Stage/TargetMachine", target_machine)->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("Compile/Stage/Optimize", optimize)->DenseRange(1, 3)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Compile/Stage/MachineCode", machine_code)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Compile/Stage/JitAdd", jit_add)->Unit(benchmark::kMillisecond);
}

const bool registered = (register_all(), true);

}  // namespace
}  // namespace exprjit::bench
