// Lowers a typed, simplified tree to one LLVM function: the fused kernel.
//
// Kernel ABI (all kernels):
//   void kernel(int64_t n, char* const* data, const int64_t* strides, int64_t flags)
//   data[0]/strides[0]: the output (element-wise) or the accumulator (reductions);
//   data[1+k]/strides[1+k]: input k of the signature. Strides are in bytes.
//   flags: jit::kStreamOutput asks for non-temporal stores of a contiguous output (a hint:
//   kernels whose output vector is narrower than a machine vector ignore it).
// The body processes `lanes` elements per step with SIMD vectors; the last, partial step uses
// masked loads and stores, so every element is computed by the same vector code. A runtime
// check picks a contiguous path (unit strides) or a gather/scatter path (any strides).
// Reductions: with strides[0] == 0 all n elements fold into *data[0]; otherwise element i
// is folded into data[0][i] (used to reduce along an outer axis).
#pragma once

#include <memory>
#include <string>

#include "compiler/ast.h"
#include "compiler/target.h"
#include "exprjit/kernel.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace exprjit::codegen {

struct KernelSource {
  ast::NodePtr root;  // typed and simplified
  Signature signature;
  Options options;
  std::string symbol;  // name of the emitted function
  // Only the contiguous loops, no stride check: the caller guarantees that every streamed
  // operand has unit stride (the output may have stride 0 in a full reduction). Half the code
  // to compile; the runtime compiles the complete kernel when other strides first occur.
  bool contiguous_only = false;
};

// SIMD lanes the kernel uses: the host's vector width divided by the widest element type.
int lanes_for(const ast::Node& root, const Signature& signature, const target::Target& target);

std::unique_ptr<llvm::Module> emit_kernel(const KernelSource& source, const target::Target& target,
                                          llvm::LLVMContext& context);

}  // namespace exprjit::codegen
