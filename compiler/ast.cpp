#include "compiler/ast.h"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

#include "compiler/string_literal.h"


namespace exprjit::ast {

const char* op_symbol(UnaryOp op) { return op == UnaryOp::Neg ? "-" : "~"; }

const char* op_symbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::FloorDiv: return "//";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Pow: return "**";
    case BinaryOp::LShift: return "<<";
    case BinaryOp::RShift: return ">>";
    case BinaryOp::BitAnd: return "&";
    case BinaryOp::BitOr: return "|";
    case BinaryOp::BitXor: return "^";
    case BinaryOp::Less: return "<";
    case BinaryOp::LessEqual: return "<=";
    case BinaryOp::Equal: return "==";
    case BinaryOp::NotEqual: return "!=";
    case BinaryOp::GreaterEqual: return ">=";
    case BinaryOp::Greater: return ">";
  }
  return "?";
}

const char* op_name(ReduceOp op) {
  switch (op) {
    case ReduceOp::Sum: return "sum";
    case ReduceOp::Prod: return "prod";
    case ReduceOp::Min: return "min";
    case ReduceOp::Max: return "max";
  }
  return "?";
}

bool is_comparison(BinaryOp op) { return op >= BinaryOp::Less; }

double Constant::as_double() const {
  if (dtype == DType::Bool) return bool_value ? 1.0 : 0.0;
  if (dtype == DType::UInt64) return static_cast<double>(static_cast<std::uint64_t>(int_value));
  if (is_integer(dtype)) return static_cast<double>(int_value);
  return float_value;
}

namespace {
NodePtr finish(Node node) {
  int tallest = 0;
  for (const Node* child : children(node)) tallest = std::max(tallest, child->height);
  node.height = tallest + 1;
  return std::make_shared<const Node>(std::move(node));
}
}  // namespace

NodePtr make_constant(Constant value, std::size_t column) {
  Node node;
  node.kind = Kind::Constant;
  node.column = column;
  node.dtype = value.dtype;
  node.constant = value;
  return finish(std::move(node));
}

NodePtr make_variable(std::string name, std::size_t column) {
  Node node;
  node.kind = Kind::Variable;
  node.column = column;
  node.variable.name = std::move(name);
  return finish(std::move(node));
}

NodePtr make_unary(UnaryOp op, NodePtr operand, std::size_t column) {
  Node node;
  node.kind = Kind::Unary;
  node.column = column;
  node.unary = {op, std::move(operand)};
  return finish(std::move(node));
}

NodePtr make_binary(BinaryOp op, NodePtr lhs, NodePtr rhs, std::size_t column) {
  Node node;
  node.kind = Kind::Binary;
  node.column = column;
  node.binary = {op, std::move(lhs), std::move(rhs)};
  return finish(std::move(node));
}

NodePtr make_call(std::string name, std::vector<NodePtr> args, std::size_t column) {
  Node node;
  node.kind = Kind::Call;
  node.column = column;
  node.call.name = std::move(name);
  node.call.args = std::move(args);
  return finish(std::move(node));
}

NodePtr make_cast(NodePtr operand, DType to) {
  Node node;
  node.kind = Kind::Cast;
  node.column = operand->column;
  node.dtype = to;
  node.cast.operand = std::move(operand);
  return finish(std::move(node));
}

NodePtr make_reduce(ReduceOp op, NodePtr operand, std::optional<int> axis, std::size_t column) {
  Node node;
  node.kind = Kind::Reduce;
  node.column = column;
  node.reduce = {op, std::move(operand), axis};
  return finish(std::move(node));
}

NodePtr with_type(const Node& node, DType type, int function) {
  Node copy = node;
  copy.dtype = type;
  if (node.kind == Kind::Call) copy.call.function = function;
  return finish(std::move(copy));
}

namespace {

std::string constant_text(const Constant& c) {
  if (c.dtype == DType::Bool) return c.bool_value ? "True" : "False";
  if (c.dtype == DType::Bytes) return string_literal::quote(c.bytes_value);
  if (is_integer(c.dtype)) return std::to_string(c.int_value);
  std::ostringstream out;
  out.precision(17);
  if (is_complex(c.dtype)) {
    // Python's spelling: (1+2j), (-0-1j), 2j
    const bool bare = c.float_value == 0.0 && !std::signbit(c.float_value);
    if (!bare) out << "(" << c.float_value << (std::signbit(c.imag_value) && !std::isnan(c.imag_value) ? "" : "+");
    out << c.imag_value << "j" << (bare ? "" : ")");
    return out.str();
  }
  out << c.float_value;
  return out.str();
}

std::string label(const Node& node) {
  switch (node.kind) {
    case Kind::Constant: return "Constant " + constant_text(node.constant);
    case Kind::Variable: return "Variable " + node.variable.name;
    case Kind::Unary: return std::string("Unary ") + op_symbol(node.unary.op);
    case Kind::Binary: return std::string("Binary ") + op_symbol(node.binary.op);
    case Kind::Call: return "Call " + node.call.name;
    case Kind::Cast: return "Cast";
    case Kind::Reduce: {
      std::string text = std::string("Reduce ") + op_name(node.reduce.op);
      if (node.reduce.axis) text += " axis=" + std::to_string(*node.reduce.axis);
      return text;
    }
  }
  return "?";
}

}  // namespace

std::vector<const Node*> children(const Node& node) {
  switch (node.kind) {
    case Kind::Unary: return {node.unary.operand.get()};
    case Kind::Binary: return {node.binary.lhs.get(), node.binary.rhs.get()};
    case Kind::Cast: return {node.cast.operand.get()};
    case Kind::Reduce: return {node.reduce.operand.get()};
    case Kind::Call: {
      std::vector<const Node*> out;
      for (const auto& arg : node.call.args) out.push_back(arg.get());
      return out;
    }
    default: return {};
  }
}

namespace {

void print_at(std::ostream& out, const Node& node, int depth) {
  out << std::string(2 * depth, ' ') << label(node);
  if (node.dtype) out << " : " << dtype_name(*node.dtype);
  out << '\n';
  for (const Node* child : children(node)) print_at(out, *child, depth + 1);
}

}  // namespace

void print_tree(std::ostream& out, const Node& node) { print_at(out, node, 0); }

std::string to_string(const Node& node) {
  std::ostringstream out;
  print_tree(out, node);
  return out.str();
}

std::string to_infix(const Node& node) {
  switch (node.kind) {
    case Kind::Constant: return constant_text(node.constant);
    case Kind::Variable: return node.variable.name;
    case Kind::Unary: return std::string("(") + op_symbol(node.unary.op) + to_infix(*node.unary.operand) + ")";
    case Kind::Binary:
      return "(" + to_infix(*node.binary.lhs) + " " + op_symbol(node.binary.op) + " " +
             to_infix(*node.binary.rhs) + ")";
    case Kind::Cast:
      return std::string(dtype_name(*node.dtype)) + "(" + to_infix(*node.cast.operand) + ")";
    case Kind::Call: {
      std::string text = node.call.name + "(";
      for (std::size_t i = 0; i < node.call.args.size(); ++i)
        text += (i ? ", " : "") + to_infix(*node.call.args[i]);
      return text + ")";
    }
    case Kind::Reduce: {
      std::string text = std::string(op_name(node.reduce.op)) + "(" + to_infix(*node.reduce.operand);
      if (node.reduce.axis) text += ", axis=" + std::to_string(*node.reduce.axis);
      return text + ")";
    }
  }
  return "?";
}

}  // namespace exprjit::ast
