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
// Most tokens (names, numbers, operators, parentheses) in one expression. Every tree node comes
// from at least one token, so this bounds the number of operations and constants and with it the
// time and memory LLVM spends on one kernel (about 1-5 s at the limit).
inline constexpr std::size_t kMaxTokens = 10000;
// Most distinct variables in one expression (each is one kernel argument).
inline constexpr std::size_t kMaxVariables = 256;

// Throws SyntaxError (with column) for malformed text, ValueError beyond the limits above
// (except depth and height, which are SyntaxErrors pointing at the offending column).
ast::NodePtr parse(std::string_view text);

}  // namespace exprjit::parser
