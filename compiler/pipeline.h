// The compiler driver: runs the stages in order, text -> tree -> typed tree -> simplified tree
// -> LLVM IR -> optimised IR -> machine code, and can stop after any stage to show its output
// (the CLI's ast / ir / asm commands use these entry points).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "compiler/ast.h"
#include "compiler/jit.h"
#include "exprjit/kernel.h"

namespace exprjit::pipeline {

// Parse, type-check and simplify. Throws SyntaxError, NameError or TypeError.
ast::NodePtr front_end(std::string_view text, const Signature& signature);

struct CompiledExpression {
  ast::NodePtr tree;               // typed and simplified
  std::unique_ptr<jit::Code> code;  // the kernel, ready to call
};

// The whole pipeline; throws exprjit::Error subclasses. `contiguous_only`: see
// codegen::KernelSource.
CompiledExpression compile(std::string_view text, const Signature& signature, const Options& options,
                           bool contiguous_only = false);

// How kernels are optimised: jit::kKernelOptLevel, the short pipeline (not O3, whose only
// effect on the kernels is to unswitch the contiguous loop on the streaming flag, doubling the
// code to compile; docs/performance.md).
inline constexpr int kRuntimeOptLevel = jit::kKernelOptLevel;

// LLVM IR of the kernel after optimisation level `opt_level` (0 = as generated, 1-3 LLVM's
// O1-O3, kRuntimeOptLevel as compiled).
std::string ir(std::string_view text, const Signature& signature, const Options& options,
               int opt_level = kRuntimeOptLevel);
// Host assembly of the kernel at kRuntimeOptLevel.
std::string assembly(std::string_view text, const Signature& signature, const Options& options);

}  // namespace exprjit::pipeline
