// What a Kernel refers to: the compiled code plus everything needed to call it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "compiler/ast.h"
#include "compiler/jit.h"
#include "exprjit/kernel.h"

namespace exprjit {

class CompiledKernel {
 public:
  std::string expression;
  Signature signature;
  Options options;
  DType result = DType::Float64;
  std::optional<ast::ReduceOp> reduction;  // set for sum/prod/min/max kernels
  std::optional<int> axis;                 // as written (may be negative)
  std::unique_ptr<jit::Code> code;
  jit::KernelFunction entry = nullptr;

  static std::shared_ptr<const CompiledKernel> build(std::string_view expression, const Signature& signature,
                                                     const Options& options);
};

}  // namespace exprjit
