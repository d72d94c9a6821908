// Emission of the byte string operations (comparisons, contains) in a kernel's SIMD step.
// Internal to codegen.
//
// A byte string operand is not loaded into a vector: the step passes the address of its
// first element, its byte stride (0 for literals and 0-d inputs) and its width to a C++
// helper (compiler/bytes_helpers.h), which loops over the step's live lanes and fills a
// <lanes x i8> buffer that becomes the step's <lanes x i1> result. Since the helper takes the
// actual stride, string operands need no unit stride and both kernel loops read them alike.
#pragma once

#include <cstdint>
#include <string>

#include <llvm/IR/IRBuilder.h>

#include "compiler/ast.h"

namespace exprjit::codegen {

// Where a byte string operand's elements are for one step.
struct StringOperand {
  llvm::Value* first;   // address of the step's first element
  llvm::Value* stride;  // i64 bytes between lanes
  std::int64_t width;   // bytes per element
};

class BytesOps {
 public:
  BytesOps(llvm::IRBuilder<>& builder, llvm::Module& module, int lanes) : b_(builder), module_(module), lanes_(lanes) {}

  // A literal as a private constant global; stride 0.
  StringOperand literal(const std::string& bytes);
  // `count` (i64) lanes are live; `buffer` is a [lanes x i8] alloca for the helper's results.
  llvm::Value* compare(ast::BinaryOp op, const StringOperand& a, const StringOperand& b, llvm::Value* count,
                       llvm::Value* buffer);
  llvm::Value* contains(const StringOperand& haystack, const StringOperand& needle, llvm::Value* count,
                        llvm::Value* buffer);
  // Copies `count` elements of `from` to `to` (of the same width).
  void copy(const StringOperand& from, const StringOperand& to, llvm::Value* count);

 private:
  llvm::Value* call_helper(const char* name, const StringOperand& a, const StringOperand& b, llvm::Value* op,
                           llvm::Value* count, llvm::Value* buffer);

  llvm::IRBuilder<>& b_;
  llvm::Module& module_;
  int lanes_;
};

}  // namespace exprjit::codegen
