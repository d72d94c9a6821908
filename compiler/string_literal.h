// Byte string literals: 'abc', "abc", b'abc', b"abc" with Python's escapes, and the reverse
// (a value spelled as Python's repr of bytes, for the tree printer and the CLI).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace exprjit::string_literal {

// Whether a literal starts at text[pos]: a quote, or a one-letter prefix and a quote.
bool starts_at(std::string_view text, std::size_t pos);

struct Literal {
  std::string value;  // the bytes, escapes decoded
  std::size_t end;    // index just past the closing quote
};

// Reads the literal starting at text[pos] (see starts_at). Escapes: \\ \' \" \n \t \r \a \b
// \f \v \xHH \ooo (octal, as \0), and a backslash before a newline continues the line.
// Throws SyntaxError (at the offending column) for an unterminated literal, an unknown or
// truncated escape, a non-ASCII character (write \xHH), or a u/r prefix: exprjit has byte
// strings only, like numexpr, and no raw literals.
Literal read(std::string_view text, std::size_t pos);

// b'...' as Python's repr(bytes) spells it: printable ASCII as is, \\ \t \n \r, others \xHH,
// in double quotes if the bytes hold ' and no " (else ' is escaped).
std::string quote(std::string_view bytes);

}  // namespace exprjit::string_literal
