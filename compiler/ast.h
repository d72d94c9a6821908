// The expression tree, from parsing through type checking and simplification.
//
// Nodes are immutable and shared: the simplifier builds a DAG in which equal subexpressions are
// one node, so code generation emits each once (common-subexpression elimination).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exprjit/dtype.h"

namespace exprjit::ast {

enum class UnaryOp : std::uint8_t { Neg, Invert };
enum class BinaryOp : std::uint8_t {
  Add, Sub, Mul, Div, FloorDiv, Mod, Pow,
  LShift, RShift, BitAnd, BitOr, BitXor,
  Less, LessEqual, Equal, NotEqual, GreaterEqual, Greater,
};
enum class ReduceOp : std::uint8_t { Sum, Prod, Min, Max };

const char* op_symbol(UnaryOp op);
const char* op_symbol(BinaryOp op);
const char* op_name(ReduceOp op);
bool is_comparison(BinaryOp op);

struct Node;
using NodePtr = std::shared_ptr<const Node>;

// A literal value, stored in the widest C++ type of its dtype's kind.
struct Constant {
  DType dtype;
  bool is_bool_value() const { return dtype == DType::Bool; }
  bool bool_value = false;
  std::int64_t int_value = 0;
  double float_value = 0.0;  // the real part of a complex constant
  double imag_value = 0.0;   // the imaginary part of a complex constant (0 for other dtypes)
  std::string bytes_value = {};  // for Bytes: the literal's bytes
  double as_double() const;
};

struct Variable { std::string name; };
struct Unary { UnaryOp op; NodePtr operand; };
struct Binary { BinaryOp op; NodePtr lhs, rhs; };
// A builtin function call; `function` indexes the registry (compiler/functions.h) after type
// checking, and is -1 before.
struct Call { std::string name; std::vector<NodePtr> args; int function = -1; };
// Conversion inserted by the type checker.
struct Cast { NodePtr operand; };
struct Reduce { ReduceOp op; NodePtr operand; std::optional<int> axis; };

enum class Kind : std::uint8_t { Constant, Variable, Unary, Binary, Call, Cast, Reduce };

struct Node {
  Kind kind = Kind::Constant;
  std::size_t column = 0;     // 1-based position in the source, for error messages
  int height = 1;             // longest path to a leaf, so passes can bound their recursion
  std::optional<DType> dtype;  // set by the type checker
  Constant constant{};
  Variable variable;
  Unary unary{};
  Binary binary{};
  Call call;
  Cast cast;
  Reduce reduce{};
};

NodePtr make_constant(Constant value, std::size_t column);
NodePtr make_variable(std::string name, std::size_t column);
NodePtr make_unary(UnaryOp op, NodePtr operand, std::size_t column);
NodePtr make_binary(BinaryOp op, NodePtr lhs, NodePtr rhs, std::size_t column);
NodePtr make_call(std::string name, std::vector<NodePtr> args, std::size_t column);
NodePtr make_cast(NodePtr operand, DType to);
NodePtr make_reduce(ReduceOp op, NodePtr operand, std::optional<int> axis, std::size_t column);
// Copy of `node` with its dtype (and, for calls, the resolved function) set.
NodePtr with_type(const Node& node, DType type, int function = -1);

// Direct operands of a node, left to right.
std::vector<const Node*> children(const Node& node);

// One line per node, indented by depth, with dtypes when known: the `exprjit ast` format.
void print_tree(std::ostream& out, const Node& node);
std::string to_string(const Node& node);
// Compact infix form, fully parenthesised, e.g. "(a + (2 * b))".
std::string to_infix(const Node& node);

}  // namespace exprjit::ast
