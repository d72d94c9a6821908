#include "compiler/string_literal.h"

#include <cctype>

#include "exprjit/error.h"

namespace exprjit::string_literal {
namespace {

bool is_quote(char c) { return c == '\'' || c == '"'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Reader {
 public:
  Reader(std::string_view text, std::size_t pos) : text_(text), pos_(pos) {}

  Literal run() {
    const std::size_t start = pos_;
    if (!is_quote(text_[pos_])) prefix(start);
    const char quote = text_[pos_++];
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) fail("unterminated string literal", start);
      const char c = text_[pos_];
      if (c == quote) break;
      if (c == '\n') fail("unterminated string literal (a newline before the closing quote)", start);
      if (static_cast<unsigned char>(c) >= 0x80)
        fail("string literals hold ASCII characters only; write other bytes as \\xHH", pos_);
      if (c == '\\') {
        escape(value);
      } else {
        value += c;
        ++pos_;
      }
    }
    return {std::move(value), pos_ + 1};
  }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t pos) const {
    throw SyntaxError(message, std::string(text_), pos + 1);
  }

  void prefix(std::size_t start) {
    const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_])));
    if (letter == 'u') fail("unicode strings are not supported; use byte strings (b'...')", start);
    if (letter == 'r') fail("raw string literals are not supported; escape backslashes instead", start);
    ++pos_;  // 'b'
  }

  void escape(std::string& value) {
    const std::size_t at = pos_++;
    if (pos_ >= text_.size()) fail("unterminated string literal", at);
    const char c = text_[pos_++];
    switch (c) {
      case '\\': case '\'': case '"': value += c; return;
      case 'n': value += '\n'; return;
      case 't': value += '\t'; return;
      case 'r': value += '\r'; return;
      case 'a': value += '\a'; return;
      case 'b': value += '\b'; return;
      case 'f': value += '\f'; return;
      case 'v': value += '\v'; return;
      case '\n': return;  // line continuation
      case 'x': {
        const int high = pos_ < text_.size() ? hex_value(text_[pos_]) : -1;
        const int low = pos_ + 1 < text_.size() ? hex_value(text_[pos_ + 1]) : -1;
        if (high < 0 || low < 0) fail("truncated \\xHH escape: two hexadecimal digits are needed", at);
        value += static_cast<char>(high * 16 + low);
        pos_ += 2;
        return;
      }
      default: break;
    }
    if (c >= '0' && c <= '7') {
      int code = c - '0';
      for (int digits = 1; digits < 3 && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '7'; ++digits)
        code = code * 8 + (text_[pos_++] - '0');
      if (code > 0xff) fail("octal escape out of range (above \\377)", at);
      value += static_cast<char>(code);
      return;
    }
    // Python keeps an unknown escape's backslash (with a warning); a typo is likelier here.
    const unsigned char byte = static_cast<unsigned char>(c);
    fail(byte >= 0x20 && byte < 0x7f ? std::string("invalid escape '\\") + c + "' in a string literal"
                                     : std::string("invalid escape in a string literal"),
         at);
  }

  std::string_view text_;
  std::size_t pos_;
};

}  // namespace

bool starts_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  if (is_quote(text[pos])) return true;
  const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos])));
  return (letter == 'b' || letter == 'u' || letter == 'r') && pos + 1 < text.size() && is_quote(text[pos + 1]);
}

Literal read(std::string_view text, std::size_t pos) { return Reader(text, pos).run(); }

std::string quote(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Python quotes with " when the bytes hold ' but no ", and with ' otherwise.
  const char delimiter =
      bytes.find('\'') != std::string_view::npos && bytes.find('"') == std::string_view::npos ? '"' : '\'';
  std::string out = {'b', delimiter};
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == delimiter) {
      out += {'\\', c};
      continue;
    }
    switch (c) {
      case '\\': out += "\\\\"; continue;
      case '\t': out += "\\t"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out + delimiter;
}

}  // namespace exprjit::string_literal
