// Parses expression text into an untyped tree with Python's operator precedence.
#pragma once

#include <string_view>

#include "compiler/ast.h"

namespace exprjit::parser {

// Maximum nesting of parentheses, unary operators, powers and calls; deeper input is a
// SyntaxError rather than a stack overflow.
inline constexpr int kMaxNestingDepth = 200;
// Tallest accepted tree (e.g. a chain of 'a+a+...' terms); later passes recurse on it.
inline constexpr int kMaxTreeHeight = 2000;
// Longest accepted expression text, in bytes.
inline constexpr std::size_t kMaxExpressionLength = 1 << 20;

// Throws SyntaxError (with column) for malformed text.
ast::NodePtr parse(std::string_view text);

}  // namespace exprjit::parser
