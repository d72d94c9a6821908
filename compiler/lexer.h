// Splits expression text into tokens, each with its 1-based column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace exprjit::lexer {

enum class TokenKind : std::uint8_t { Integer, Float, Name, Operator, LeftParen, RightParen, Comma, Assign, Dot, End, String };

struct Token {
  TokenKind kind;
  std::string text;
  std::size_t column;       // 1-based
  std::int64_t int_value = 0;  // for Integer
  double float_value = 0.0;    // for Float
  bool imaginary = false;      // for Float: the literal had Python's j/J suffix ("1.5j")
  std::string bytes_value = {};  // for String: the bytes, escapes decoded (compiler/string_literal.h)
};

// Throws SyntaxError naming the column of the first character that starts no token, or of a
// malformed or out-of-range number, or of a malformed string literal.
std::vector<Token> tokenize(std::string_view text);

}  // namespace exprjit::lexer
