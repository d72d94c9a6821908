// The one exception hierarchy of exprjit's public API.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace exprjit {

// Base of every error exprjit throws for bad input or a failed operation.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The expression text is not valid: `column` is 1-based, `caret()` renders
//   expression
//        ^
class SyntaxError : public Error {
 public:
  SyntaxError(const std::string& message, std::string expression, std::size_t column);
  std::size_t column() const { return column_; }
  const std::string& expression() const { return expression_; }
  std::string caret() const;  // two lines: the expression and a caret under the column

 private:
  std::size_t column_;
  std::string expression_;
};

// An operand or function has a dtype the operation does not accept.
class TypeError : public Error { using Error::Error; };
// Shapes do not broadcast, or `out` has the wrong shape.
class ShapeError : public Error { using Error::Error; };
// The expression names a variable or function that does not exist.
class NameError : public Error { using Error::Error; };
// An argument is out of range (thread count, axis, a limit such as nesting depth).
class ValueError : public Error { using Error::Error; };
// LLVM failed to compile or link a kernel; the cache and the process stay usable.
class CompileError : public Error { using Error::Error; };
// A file could not be read or written, or its content is malformed.
class IOError : public Error { using Error::Error; };
// An array could not be allocated: larger than the machine's physical memory, or the allocator
// failed. Nothing is left half-done.
class MemoryError : public Error { using Error::Error; };

}  // namespace exprjit
