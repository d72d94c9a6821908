// Result-preserving simplification of a typed tree: constant folding, strength reduction of
// small constant powers, and common-subexpression elimination (equal subtrees become one node).
// Every rewrite gives bit-identical results to the unsimplified expression.
#pragma once

#include "compiler/ast.h"

namespace exprjit::simplify {

ast::NodePtr simplify(const ast::NodePtr& typed_root);

}  // namespace exprjit::simplify
