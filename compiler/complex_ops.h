// Emission of complex64/complex128 operations. A complex SIMD value is the LLVM struct
// {<lanes x T>, <lanes x T>} of its real and imaginary parts (T = the part type; SROA keeps the
// parts in registers). Arithmetic, comparisons, casts and the cheap functions are emitted
// inline, with NumPy's formulas; the transcendental functions call a helper per SIMD step
// (compiler/complex_math.h), which calls glibc as NumPy does. Internal to codegen.
#pragma once

#include <span>
#include <string_view>

#include <llvm/IR/IRBuilder.h>

#include "compiler/ast.h"
#include "compiler/functions.h"

namespace exprjit::codegen {

class VectorOps;

class ComplexOps {
 public:
  ComplexOps(llvm::IRBuilder<>& builder, llvm::Module& module, VectorOps& real, int lanes);

  llvm::StructType* vector_type(DType type) const;
  llvm::Value* make(llvm::Value* re, llvm::Value* im);
  llvm::Value* re(llvm::Value* z);
  llvm::Value* im(llvm::Value* z);

  llvm::Value* splat(const ast::Constant& value, DType type);
  // A 0-d input, read once before the loop.
  llvm::Value* load_scalar(DType type, llvm::Value* address);
  llvm::Value* select(llvm::Value* mask, llvm::Value* a, llvm::Value* b);

  // Memory: interleaved (re, im) pairs, as NumPy stores them. Masks have one bit per element.
  llvm::Value* load_contiguous(DType type, llvm::Value* element_address, llvm::Value* mask);
  void store_contiguous(DType type, llvm::Value* value, llvm::Value* element_address, llvm::Value* mask);
  llvm::Value* gather(DType type, llvm::Value* element_pointers, llvm::Value* mask);
  void scatter(DType type, llvm::Value* value, llvm::Value* element_pointers, llvm::Value* mask);

  // `from` or `to` is complex.
  llvm::Value* cast(llvm::Value* value, DType from, DType to);
  llvm::Value* negate(llvm::Value* z);
  llvm::Value* binary(ast::BinaryOp op, DType type, llvm::Value* a, llvm::Value* b);
  // `type` is the complex argument type, or the real one for complex(a, b).
  llvm::Value* call(const functions::Function& function, DType type, std::span<llvm::Value* const> args);

  llvm::Value* identity(ast::ReduceOp op, DType type);
  llvm::Value* combine(ast::ReduceOp op, DType type, llvm::Value* a, llvm::Value* b);
  // Folds the lanes of `vector` in a fixed order, combines the result with the element at
  // `address` and stores it there (the end of a full reduction).
  void fold_into(ast::ReduceOp op, DType type, llvm::Value* vector, llvm::Value* address);

 private:
  llvm::Type* part_type(DType type) const;
  llvm::Value* part_constant(DType type, double value);
  llvm::Value* multiply(llvm::Value* a, llvm::Value* b);
  llvm::Value* divide(DType type, llvm::Value* a, llvm::Value* b);
  llvm::Value* sign(DType type, llvm::Value* z);
  llvm::Value* helper(std::string_view name, DType type, std::span<llvm::Value* const> args);
  llvm::Value* entry_array(DType type);

  llvm::IRBuilder<>& b_;
  llvm::Module& module_;
  VectorOps& real_;
  int lanes_;
};

}  // namespace exprjit::codegen
