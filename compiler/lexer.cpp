#include "compiler/lexer.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

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
    if (is_name_start(c)) return name();
    return punctuation();
  }

  Token name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    return Token{TokenKind::Name, std::string(text_.substr(start, pos_ - start)), start + 1};
  }

  void digits() {
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
  }

  Token number() {
    const std::size_t start = pos_;
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
    if (pos_ < text_.size() && is_name_char(text_[pos_])) fail("invalid character in number", pos_);
    const std::string spelling(text_.substr(start, pos_ - start));
    Token token{is_float ? TokenKind::Float : TokenKind::Integer, spelling, start + 1};
    errno = 0;
    if (is_float) {
      token.float_value = std::strtod(spelling.c_str(), nullptr);  // overflow gives inf, as Python
    } else {
      token.int_value = std::strtoll(spelling.c_str(), nullptr, 10);
      if (errno == ERANGE) fail("integer literal does not fit in int64", start);
    }
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
