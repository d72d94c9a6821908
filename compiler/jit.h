// The ORC LLJIT engine: optimises kernel modules for the host and turns them into machine code.
// All LLVM errors are converted to exprjit::CompileError here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace exprjit::jit {

using KernelFunction = void (*)(std::int64_t n, char* const* data, const std::int64_t* strides,
                                std::int64_t flags);

// Kernel flag: write the output with non-temporal stores (for outputs larger than the cache).
inline constexpr std::int64_t kStreamOutput = 1;

// Machine code of one kernel. Destroying it frees the code (ORC ResourceTracker::remove).
class Code {
 public:
  virtual ~Code() = default;
  virtual KernelFunction entry() const = 0;
};

// The pipeline kernels are compiled with (see optimize). The IR codegen emits is vectorised
// already, so it needs clean-up, not LLVM's O1-O3: SROA (the loop counters' allocas),
// EarlyCSE, SimplifyCFG, LICM (splats and strides out of the loops), InstCombine. On the
// issue's expressions it gives the same hot loops as O2 for a third of O2's compile work
// (docs/performance.md).
inline constexpr int kKernelOptLevel = -1;

// Runs LLVM's O<level> pipeline (0-3), or the kernel pipeline for kKernelOptLevel, on `module`
// for the host CPU.
void optimize(llvm::Module& module, int level);

// JIT-compiles an optimised module and returns the function named `symbol`. Thread-safe.
std::unique_ptr<Code> compile(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
                              const std::string& symbol);

// Host assembly text of an (optimised) module, as the JIT would compile it.
std::string assembly(llvm::Module& module);

// Number of kernels whose machine code the JIT currently holds (Code objects alive). Lets tests
// check that evicted kernels release their code; cheap (one atomic counter).
std::size_t live_code_count();

// Test hook, not part of the public API: the next `count` calls to compile() add a reference to
// a symbol no library defines, so LLVM's link step fails for real ("Symbols not found") and the
// error path (CompileError, resource release, cache) can be tested.
void fail_next_compiles_for_testing(int count);

// LLVM's version string, e.g. "19.1.7".
std::string llvm_version();

}  // namespace exprjit::jit
