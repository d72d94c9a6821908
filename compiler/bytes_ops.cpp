#include "compiler/bytes_ops.h"

#include <algorithm>

#include <llvm/IR/Module.h>

#include "compiler/bytes_helpers.h"

namespace exprjit::codegen {

using llvm::Value;

StringOperand BytesOps::literal(const std::string& bytes) {
  // NUL padding does not change a byte string's value; padded to whole 8-byte words, the
  // helpers compare the literal without a partial word.
  std::string padded = bytes;
  padded.resize((std::max<std::size_t>(bytes.size(), 1) + 7) / 8 * 8, '\0');
  auto* data = llvm::ConstantDataArray::getString(module_.getContext(), padded, /*AddNull=*/false);
  auto* global = new llvm::GlobalVariable(module_, data->getType(), /*isConstant=*/true,
                                          llvm::GlobalValue::PrivateLinkage, data, "bytes_literal");
  global->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  return {global, b_.getInt64(0), static_cast<std::int64_t>(padded.size())};
}

Value* BytesOps::compare(ast::BinaryOp op, const StringOperand& a, const StringOperand& b, Value* count,
                         Value* buffer) {
  const auto code = static_cast<std::int32_t>(op) - static_cast<std::int32_t>(ast::BinaryOp::Less);
  return call_helper("exprjit_bytes_compare", a, b, b_.getInt32(code), count, buffer);
}

Value* BytesOps::contains(const StringOperand& haystack, const StringOperand& needle, Value* count, Value* buffer) {
  return call_helper("exprjit_bytes_contains", haystack, needle, nullptr, count, buffer);
}

void BytesOps::copy(const StringOperand& from, const StringOperand& to, Value* count) {
  llvm::Type* i64 = b_.getInt64Ty();
  llvm::Type* ptr = llvm::PointerType::getUnqual(module_.getContext());
  auto* type = llvm::FunctionType::get(b_.getVoidTy(), {i64, ptr, i64, i64, ptr, i64}, false);
  llvm::FunctionCallee helper = module_.getOrInsertFunction("exprjit_bytes_copy", type);
  if (auto* function = llvm::dyn_cast<llvm::Function>(helper.getCallee())) function->addFnAttr(llvm::Attribute::NoUnwind);
  b_.CreateCall(helper, {count, from.first, from.stride, b_.getInt64(from.width), to.first, to.stride});
}

Value* BytesOps::call_helper(const char* name, const StringOperand& a, const StringOperand& b, Value* op,
                             Value* count, Value* buffer) {
  llvm::Type* i64 = b_.getInt64Ty();
  llvm::Type* ptr = llvm::PointerType::getUnqual(module_.getContext());
  llvm::SmallVector<llvm::Type*, 10> params = {i64, i64, ptr, i64, i64, ptr, i64, i64};
  llvm::SmallVector<Value*, 10> args = {count, b_.getInt64(lanes_), a.first, a.stride, b_.getInt64(a.width),
                                        b.first, b.stride, b_.getInt64(b.width)};
  if (op) {
    params.push_back(b_.getInt32Ty());
    args.push_back(op);
  }
  params.push_back(ptr);
  args.push_back(buffer);
  auto* type = llvm::FunctionType::get(b_.getVoidTy(), params, false);
  llvm::FunctionCallee helper = module_.getOrInsertFunction(name, type);
  if (auto* function = llvm::dyn_cast<llvm::Function>(helper.getCallee())) function->addFnAttr(llvm::Attribute::NoUnwind);
  b_.CreateCall(helper, args);
  auto* bytes = llvm::FixedVectorType::get(b_.getInt8Ty(), lanes_);
  Value* results = b_.CreateAlignedLoad(bytes, buffer, llvm::Align(1));
  return b_.CreateICmpNE(results, llvm::Constant::getNullValue(bytes));
}

}  // namespace exprjit::codegen
