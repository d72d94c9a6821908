#include "exprjit/error.h"

namespace exprjit {
namespace {

std::string with_column(const std::string& message, std::size_t column) {
  return message + " at column " + std::to_string(column);
}

}  // namespace

SyntaxError::SyntaxError(const std::string& message, std::string expression, std::size_t column)
    : Error(with_column(message, column)), column_(column), expression_(std::move(expression)) {}

std::string SyntaxError::caret() const {
  // Tabs and newlines would break the alignment of the caret; show them as spaces.
  std::string line = expression_;
  for (char& c : line)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return line + "\n" + std::string(column_ > 0 ? column_ - 1 : 0, ' ') + "^";
}

}  // namespace exprjit
