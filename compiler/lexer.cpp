#include "compiler/lexer.h"

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "compiler/string_literal.h"
#include "exprjit/error.h"

namespace exprjit::lexer {
namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (true) {
      while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ == text_.size()) break;
      tokens.push_back(next());
    }
    tokens.push_back(Token{TokenKind::End, "", text_.size() + 1});
    return tokens;
  }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t pos) const {
    throw SyntaxError(message, std::string(text_), pos + 1);
  }

  Token next() {
    const char c = text_[pos_];
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) return number();
    if (string_literal::starts_at(text_, pos_)) return string();
    if (is_name_start(c)) return name();
    return punctuation();
  }

  Token string() {
    const std::size_t start = pos_;
    string_literal::Literal literal = string_literal::read(text_, pos_);
    pos_ = literal.end;
    Token token{TokenKind::String, std::string(text_.substr(start, pos_ - start)), start + 1};
    token.bytes_value = std::move(literal.value);
    return token;
  }

  Token name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    return Token{TokenKind::Name, std::string(text_.substr(start, pos_ - start)), start + 1};
  }

  // Digits with Python's single underscores between them ("1_000").
  void digits(bool (*is_digit_of_base)(char)) {
    while (pos_ < text_.size()) {
      if (is_digit_of_base(text_[pos_])) {
        ++pos_;
      } else if (text_[pos_] == '_' && pos_ > 0 && is_digit_of_base(text_[pos_ - 1]) && pos_ + 1 < text_.size() &&
                 is_digit_of_base(text_[pos_ + 1])) {
        ++pos_;
      } else {
        break;
      }
    }
  }
  void digits() { digits([](char c) { return is_digit(c); }); }

  std::string spelling_from(std::size_t start) const {
    std::string spelling;
    for (char c : text_.substr(start, pos_ - start))
      if (c != '_') spelling += c;
    return spelling;
  }

  Token number() {
    const std::size_t start = pos_;
    if (text_[pos_] == '0' && pos_ + 1 < text_.size()) {
      const char prefix = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_ + 1])));
      if (prefix == 'x' || prefix == 'o' || prefix == 'b') return prefixed_integer(start, prefix);
    }
    bool is_float = false;
    digits();
    if (pos_ < text_.size() && text_[pos_] == '.') {
      is_float = true;
      ++pos_;
      digits();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ == text_.size() || !is_digit(text_[pos_])) fail("malformed exponent in number", pos_);
      digits();
    }
    const std::string spelling = spelling_from(start);
    // Python's imaginary literals: any decimal number followed by j or J ("2j", "1e-3J", "07j").
    const bool imaginary = pos_ < text_.size() && (text_[pos_] == 'j' || text_[pos_] == 'J');
    if (imaginary) ++pos_;
    if (pos_ < text_.size() && (is_name_char(text_[pos_]) || text_[pos_] == '.'))
      fail("invalid character in number", pos_);
    Token token{is_float || imaginary ? TokenKind::Float : TokenKind::Integer, std::string(text_.substr(start, pos_ - start)),
                start + 1};
    token.imaginary = imaginary;
    errno = 0;
    if (is_float || imaginary) {
      token.float_value = std::strtod(spelling.c_str(), nullptr);  // overflow gives inf, as Python
    } else {
      if (spelling.size() > 1 && spelling[0] == '0' && spelling.find_first_not_of('0') != std::string::npos)
        fail("leading zeros in an integer are not allowed; use 0o for octal", start);
      token.int_value = std::strtoll(spelling.c_str(), nullptr, 10);
      if (errno == ERANGE) fail("integer literal does not fit in int64", start);
    }
    return token;
  }

  // 0x1F, 0o17, 0b101 (Python's prefixes).
  Token prefixed_integer(std::size_t start, char prefix) {
    pos_ += 2;
    const std::size_t first_digit = pos_;
    if (prefix == 'x') digits([](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
    if (prefix == 'o') digits([](char c) { return c >= '0' && c <= '7'; });
    if (prefix == 'b') digits([](char c) { return c == '0' || c == '1'; });
    if (pos_ == first_digit) fail("missing digits after 0" + std::string(1, prefix), pos_);
    if (pos_ < text_.size() && is_name_char(text_[pos_])) fail("invalid digit in number", pos_);
    const std::string spelling = spelling_from(first_digit);
    errno = 0;
    const unsigned long long value = std::strtoull(spelling.c_str(), nullptr, prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2);
    if (errno == ERANGE || value > static_cast<unsigned long long>(INT64_MAX))
      fail("integer literal does not fit in int64", start);
    Token token{TokenKind::Integer, std::string(text_.substr(start, pos_ - start)), start + 1};
    token.int_value = static_cast<std::int64_t>(value);
    return token;
  }

  Token punctuation() {
    static constexpr std::string_view kTwoChar[] = {"**", "//", "<<", ">>", "<=", ">=", "==", "!="};
    const std::size_t start = pos_;
    for (std::string_view op : kTwoChar) {
      if (text_.substr(pos_, 2) == op) {
        pos_ += 2;
        return Token{TokenKind::Operator, std::string(op), start + 1};
      }
    }
    const char c = text_[pos_++];
    switch (c) {
      case '(': return Token{TokenKind::LeftParen, "(", start + 1};
      case ')': return Token{TokenKind::RightParen, ")", start + 1};
      case ',': return Token{TokenKind::Comma, ",", start + 1};
      case '=': return Token{TokenKind::Assign, "=", start + 1};
      case '.': return Token{TokenKind::Dot, ".", start + 1};
      case '+': case '-': case '*': case '/': case '%': case '<': case '>':
      case '&': case '|': case '^': case '~':
        return Token{TokenKind::Operator, std::string(1, c), start + 1};
      default: break;
    }
    const unsigned char byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) fail(std::string("unexpected character '") + c + "'", start);
    fail("unexpected byte " + std::to_string(byte), start);
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Lexer(text).run(); }

}  // namespace exprjit::lexer
