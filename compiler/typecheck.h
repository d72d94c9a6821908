// Type inference: gives every node a dtype, resolves function names and inserts the casts
// implied by numexpr's promotion rules (docs/language.md, "Casting").
#pragma once

#include <string>
#include <vector>

#include "compiler/ast.h"
#include "exprjit/kernel.h"

namespace exprjit::typecheck {

// Returns the typed tree. Throws NameError for unknown variables or functions and TypeError
// for operands a rule does not accept; reductions are only allowed as the outermost node.
ast::NodePtr typecheck(const ast::NodePtr& root, const Signature& signature);

// The distinct variable names of an (untyped or typed) tree, sorted.
std::vector<std::string> variable_names(const ast::Node& root);

}  // namespace exprjit::typecheck
