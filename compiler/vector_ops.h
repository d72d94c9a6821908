// Emission of the element-wise operations on SIMD vectors: each operator, cast and builtin
// function of a typed tree becomes LLVM IR on <lanes x T> values. Internal to codegen.
#pragma once

#include <memory>
#include <span>

#include <llvm/IR/IRBuilder.h>

#include "compiler/ast.h"
#include "compiler/functions.h"
#include "compiler/target.h"
#include "exprjit/kernel.h"

namespace exprjit::codegen {

class ComplexOps;

// Complex dtypes are delegated to ComplexOps (compiler/complex_ops.h) by every entry point below
// except vector_type and horizontal, which codegen asks ComplexOps for directly.
class VectorOps {
 public:
  VectorOps(llvm::IRBuilder<>& builder, llvm::Module& module, const target::Target& target, int lanes,
            Accuracy accuracy);
  ~VectorOps();
  ComplexOps& complex() { return *complex_; }

  int lanes() const { return lanes_; }
  llvm::Type* scalar_type(DType type) const;
  llvm::VectorType* vector_type(DType type) const;
  llvm::Value* splat(const ast::Constant& value, DType type);
  llvm::Value* identity(ast::ReduceOp op, DType type);

  llvm::Value* cast(llvm::Value* value, DType from, DType to);
  llvm::Value* unary(ast::UnaryOp op, DType type, llvm::Value* operand);
  // Operands already have the operation's operand type; `type` is that type.
  llvm::Value* binary(ast::BinaryOp op, DType type, llvm::Value* lhs, llvm::Value* rhs);
  // `type` is the (common) argument type, after the type checker's casts.
  llvm::Value* call(int function, DType type, std::span<llvm::Value* const> args);
  // Names of the glibc functions kernels may call on their rare fallback path.
  static std::span<const std::string_view> libm_fallback_names();
  // Combines two partial results of a reduction, lane by lane.
  llvm::Value* combine(ast::ReduceOp op, DType type, llvm::Value* a, llvm::Value* b);
  // Folds the lanes of a vector partial result into one scalar, in a fixed order.
  llvm::Value* horizontal(ast::ReduceOp op, DType type, llvm::Value* vector);

 private:
  llvm::Value* constant_vector(DType type, double float_value, std::int64_t int_value);
  llvm::Value* intrinsic(llvm::Intrinsic::ID id, std::span<llvm::Value* const> args);
  llvm::Value* sleef(std::string_view name, std::string_view accuracy, DType type,
                     std::span<llvm::Value* const> args);
  llvm::Value* sleef_exact_width(std::string_view name, std::string_view accuracy, DType type, int lanes,
                                 std::span<llvm::Value* const> args);
  llvm::Value* with_libm_fallback(llvm::Value* fast, std::string_view libm_name, DType type,
                                  std::span<llvm::Value* const> args);
  llvm::Value* corrected(const functions::Function& function, DType type, std::span<llvm::Value* const> args,
                        llvm::Value* result);
  llvm::Value* patch_lanes(llvm::Value* result, llvm::Value* lanes, llvm::function_ref<llvm::Value*()> replacement,
                           std::string_view block_name = "patch");
  llvm::Value* floor_divide(DType type, llvm::Value* a, llvm::Value* b);
  llvm::Value* remainder(DType type, llvm::Value* a, llvm::Value* b);
  llvm::Value* float_divmod(llvm::Value* a, llvm::Value* b, DType type, bool want_quotient);
  llvm::Value* integer_power(DType type, llvm::Value* base, llvm::Value* exponent);
  llvm::Value* shift(bool left, DType type, llvm::Value* a, llvm::Value* b);
  llvm::Value* sign(DType type, llvm::Value* x);
  llvm::Value* is_finite(DType type, llvm::Value* x);

  llvm::IRBuilder<>& b_;
  llvm::Module& module_;
  const target::Target& target_;
  int lanes_;
  Accuracy accuracy_;
  std::unique_ptr<ComplexOps> complex_;
};

}  // namespace exprjit::codegen
