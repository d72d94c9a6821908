#include "compiler/pipeline.h"

#include <atomic>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

#include "compiler/codegen.h"
#include "compiler/parser.h"
#include "compiler/simplify.h"
#include "compiler/target.h"
#include "compiler/typecheck.h"
#include "exprjit/error.h"

namespace exprjit::pipeline {
namespace {

std::string unique_symbol() {
  static std::atomic<std::uint64_t> counter{0};
  return "exprjit_kernel_" + std::to_string(counter.fetch_add(1));
}

std::unique_ptr<llvm::Module> lower(const ast::NodePtr& tree, const Signature& signature, const Options& options,
                                    llvm::LLVMContext& context, const std::string& symbol, int opt_level,
                                    bool contiguous_only = false) {
  codegen::KernelSource source{tree, signature, options, symbol, contiguous_only};
  auto module = codegen::emit_kernel(source, target::host(), context);
  jit::optimize(*module, opt_level);
  return module;
}

}  // namespace

ast::NodePtr front_end(std::string_view text, const Signature& signature) {
  if (signature.size() > parser::kMaxVariables)
    throw ValueError("signature has " + std::to_string(signature.size()) + " parameters; the limit is " +
                     std::to_string(parser::kMaxVariables));
  return simplify::simplify(typecheck::typecheck(parser::parse(text), signature));
}

CompiledExpression compile(std::string_view text, const Signature& signature, const Options& options,
                           bool contiguous_only) {
  CompiledExpression result;
  result.tree = front_end(text, signature);
  auto context = std::make_unique<llvm::LLVMContext>();
  const std::string symbol = unique_symbol();
  auto module = lower(result.tree, signature, options, *context, symbol, kRuntimeOptLevel, contiguous_only);
  result.code = jit::compile(std::move(module), std::move(context), symbol);
  return result;
}

std::string ir(std::string_view text, const Signature& signature, const Options& options, int opt_level) {
  llvm::LLVMContext context;
  auto module = lower(front_end(text, signature), signature, options, context, "kernel", opt_level);
  std::string out;
  llvm::raw_string_ostream stream(out);
  module->print(stream, nullptr);
  return out;
}

std::string assembly(std::string_view text, const Signature& signature, const Options& options) {
  llvm::LLVMContext context;
  auto module = lower(front_end(text, signature), signature, options, context, "kernel", kRuntimeOptLevel);
  return jit::assembly(*module);
}

}  // namespace exprjit::pipeline
