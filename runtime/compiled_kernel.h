// What a Kernel refers to: the compiled code plus everything needed to call it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "compiler/ast.h"
#include "compiler/jit.h"
#include "exprjit/kernel.h"
#include "runtime/executor.h"

namespace exprjit {

class CompiledKernel {
 public:
  std::string expression;
  Signature signature;
  Options options;
  DType result = DType::Float64;
  std::size_t result_itemsize = 8;         // a byte string result's width (the input it copies)
  std::optional<ast::ReduceOp> reduction;  // set for sum/prod/min/max kernels
  std::optional<int> axis;                 // as written (may be negative)
  std::unique_ptr<jit::Code> code;  // the contiguous-only kernel (codegen::KernelSource)
  executor::Kernels kernels;        // it, and the complete kernel compiled on demand

  CompiledKernel() = default;
  CompiledKernel(const CompiledKernel&) = delete;  // kernels.any_layout refers to this object
  CompiledKernel& operator=(const CompiledKernel&) = delete;

  static std::shared_ptr<const CompiledKernel> build(std::string_view expression, const Signature& signature,
                                                     const Options& options);

 private:
  jit::KernelFunction any_layout() const;

  mutable std::once_flag any_layout_once_;
  mutable std::unique_ptr<jit::Code> any_layout_code_;
};

}  // namespace exprjit
