#include "compiler/typecheck.h"

#include <algorithm>
#include <set>

#include "compiler/complex_functions.h"
#include "compiler/functions.h"
#include "exprjit/error.h"

namespace exprjit::typecheck {
namespace {

using ast::BinaryOp;
using ast::Kind;
using ast::Node;
using ast::NodePtr;

std::string describe(DType type) { return std::string(dtype_name(type)); }

NodePtr cast_to(const NodePtr& node, DType type) {
  if (*node->dtype == type) return node;
  return ast::make_cast(node, type);
}

// Floating-point functions of integers and bools compute in float64, as numexpr and NumPy do.
DType float_type(DType type) { return is_inexact(type) ? type : DType::Float64; }

// Byte strings are compared and searched (contains), nothing else: a string operand anywhere
// else is a TypeError at the operation's column.
void reject_bytes(const NodePtr& operand, const std::string& operation, std::size_t column) {
  if (*operand->dtype != DType::Bytes) return;
  throw TypeError(operation + " is not defined for byte strings (column " + std::to_string(column) +
                  "); strings support == != < <= > >= and contains()");
}

std::string at_column(const Node& node) { return " (column " + std::to_string(node.column) + ")"; }

// Narrow and unsigned integers (inputs, explicit conversions) widen before any operation.
NodePtr widened(const NodePtr& node) { return cast_to(node, compute_type(*node->dtype)); }

class TypeChecker {
 public:
  explicit TypeChecker(const Signature& signature) : signature_(signature) {}

  NodePtr check(const NodePtr& node, bool outermost) {
    switch (node->kind) {
      case Kind::Constant: return node;
      case Kind::Variable: return variable(*node);
      case Kind::Unary: return unary(*node);
      case Kind::Binary: return binary(*node);
      case Kind::Call: return call(*node);
      case Kind::Cast: return node;
      case Kind::Reduce: return reduce(*node, outermost);
    }
    throw TypeError("unknown node");
  }

 private:
  NodePtr variable(const Node& node) {
    for (const Param& param : signature_)
      if (param.name == node.variable.name) return widened(ast::with_type(node, param.dtype));
    throw NameError("name '" + node.variable.name + "' is not defined (column " + std::to_string(node.column) + ")");
  }

  NodePtr unary(const Node& node) {
    NodePtr operand = widened(check(node.unary.operand, false));
    reject_bytes(operand, std::string("operator '") + ast::op_symbol(node.unary.op) + "'", node.column);
    const DType type = *operand->dtype;
    if (node.unary.op == ast::UnaryOp::Invert) {
      if (is_inexact(type)) throw TypeError("operator '~' needs bool or integer operands, got " + describe(type));
      return typed_unary(node, operand, type);
    }
    if (type == DType::Bool) throw TypeError("operator '-' is not defined for bool; use '~' for logical not (column " + std::to_string(node.column) + ")");
    return typed_unary(node, operand, type);
  }

  static NodePtr typed_unary(const Node& node, NodePtr operand, DType type) {
    NodePtr rebuilt = ast::make_unary(node.unary.op, std::move(operand), node.column);
    return ast::with_type(*rebuilt, type);
  }

  NodePtr binary(const Node& node) {
    NodePtr lhs = check(node.binary.lhs, false);
    NodePtr rhs = check(node.binary.rhs, false);
    const DType a = *lhs->dtype, b = *rhs->dtype;
    const auto common = common_type(a, b);
    if (!common) throw operand_error(node, a, b, "compatible");
    DType operands = *common;
    DType result = operands;
    if (operands == DType::Bytes && !ast::is_comparison(node.binary.op))
      reject_bytes(lhs, std::string("operator '") + ast::op_symbol(node.binary.op) + "'", node.column);
    if (is_complex(operands)) check_complex_operator(node, a, b);
    switch (node.binary.op) {
      case BinaryOp::Add: case BinaryOp::Mul:
        // numexpr 2.13+ and NumPy: on two bools, '+' is logical or and '*' logical and.
        if (operands == DType::Bool) {
          const BinaryOp logical = node.binary.op == BinaryOp::Add ? BinaryOp::BitOr : BinaryOp::BitAnd;
          NodePtr rebuilt = ast::make_binary(logical, lhs, rhs, node.column);
          return ast::with_type(*rebuilt, DType::Bool);
        }
        break;
      case BinaryOp::Sub: case BinaryOp::FloorDiv:
      case BinaryOp::Mod: case BinaryOp::Pow:
        // Arithmetic on two bools is rejected, as numexpr does; NumPy's meanings (or/and) are
        // spelled '|' and '&' here.
        if (operands == DType::Bool) throw operand_error(node, a, b, "numeric (not both bool)");
        break;
      case BinaryOp::Div:
        if (operands == DType::Bool) throw operand_error(node, a, b, "numeric (not both bool)");
        operands = result = float_type(operands);  // true division
        break;
      case BinaryOp::LShift: case BinaryOp::RShift:
        if (!is_integer(a) && a != DType::Bool) throw operand_error(node, a, b, "integer");
        if (!is_integer(b) && b != DType::Bool) throw operand_error(node, a, b, "integer");
        if (operands == DType::Bool) operands = result = DType::Int32;
        break;
      case BinaryOp::BitAnd: case BinaryOp::BitOr: case BinaryOp::BitXor:
        if (is_floating(operands)) throw operand_error(node, a, b, "bool or integer");
        break;
      default:  // comparisons
        result = DType::Bool;
        break;
    }
    NodePtr rebuilt = ast::make_binary(node.binary.op, cast_to(lhs, operands), cast_to(rhs, operands), node.column);
    return ast::with_type(*rebuilt, result);
  }

  // numexpr and exprjit define only + - * / ** == != on complex numbers (NumPy's ordering of
  // complex numbers is lexicographic, which numexpr rejects too).
  static void check_complex_operator(const Node& node, DType a, DType b) {
    switch (node.binary.op) {
      case BinaryOp::Add: case BinaryOp::Sub: case BinaryOp::Mul: case BinaryOp::Div: case BinaryOp::Pow:
      case BinaryOp::Equal: case BinaryOp::NotEqual:
        return;
      default: throw operand_error(node, a, b, "real (it is not defined for complex)");
    }
  }

  static TypeError operand_error(const Node& node, DType a, DType b, const char* wanted) {
    return TypeError(std::string("operator '") + ast::op_symbol(node.binary.op) + "' needs " + wanted +
                     " operands, got " + describe(a) + " and " + describe(b) + " (column " +
                     std::to_string(node.column) + ")");
  }

  // bool(x), int32(x), int64(x), float32(x), float64(x): explicit conversions, as NumPy's
  // astype (float to integer truncates toward zero and saturates; NaN becomes 0).
  NodePtr explicit_cast(const Node& node, DType target) {
    if (node.call.args.size() != 1) {
      throw TypeError(node.call.name + "() takes 1 argument, got " + std::to_string(node.call.args.size()) +
                      " (column " + std::to_string(node.column) + ")");
    }
    NodePtr operand = check(node.call.args[0], false);
    reject_bytes(operand, node.call.name + "()", node.column);
    if (is_complex(*operand->dtype) && !is_complex(target)) {
      throw TypeError(node.call.name + "() of " + describe(*operand->dtype) +
                      " would drop the imaginary part; use real(), imag() or abs()" + at_column(node));
    }
    return cast_to(operand, target);
  }

  NodePtr call(const Node& node) {
    // int8(x) ... complex128(x): conversions; bytes() is not one (strings are only compared).
    if (const auto target = dtype_from_name(node.call.name); target && *target != DType::Bytes)
      return explicit_cast(node, *target);
    if (node.call.name == "contains") return contains(node);
    const auto index = functions::find(node.call.name);
    if (!index) {
      throw NameError("unknown function '" + node.call.name + "' (column " + std::to_string(node.column) +
                      "); see docs/language.md for the list");
    }
    const functions::Function& function = functions::get(*index);
    if (static_cast<int>(node.call.args.size()) != function.arity) {
      throw TypeError(node.call.name + "() takes " + std::to_string(function.arity) + " argument" +
                      (function.arity == 1 ? "" : "s") + ", got " + std::to_string(node.call.args.size()) +
                      " (column " + std::to_string(node.column) + ")");
    }
    std::vector<NodePtr> args;
    for (const NodePtr& arg : node.call.args) {
      args.push_back(check(arg, false));
      // copy(s) of byte strings is s, as numexpr's copy: the input alone (copied) or an operand.
      if (function.lowering == functions::Lowering::Copy && *args.back()->dtype == DType::Bytes) return args.back();
      reject_bytes(args.back(), node.call.name + "()", node.column);
    }
    if (function.rule == functions::TypeRule::Conditional) return where(node, std::move(args), *index);

    DType operands = *args[0]->dtype;
    for (const NodePtr& arg : args) operands = common_of(node, operands, *arg->dtype);
    if (is_complex(operands)) return complex_call(node, std::move(args), *index, operands);
    DType result = operands;
    switch (function.rule) {
      case functions::TypeRule::FloatMath: operands = result = float_type(operands); break;
      case functions::TypeRule::Predicate:
        operands = float_type(operands);
        result = DType::Bool;
        break;
      case functions::TypeRule::SameNumeric:
        if (operands == DType::Bool) operands = result = DType::Int32;
        break;
      case functions::TypeRule::KeepsIntegers:
        if (!is_integer(operands)) operands = result = float_type(operands);
        break;
      case functions::TypeRule::SameType:
      case functions::TypeRule::Conditional: break;
      case functions::TypeRule::ComplexPart: break;
      case functions::TypeRule::ComplexFromParts:
        operands = float_type(operands);
        result = complex_type_of(operands);
        break;
    }
    for (NodePtr& arg : args) arg = cast_to(arg, operands);
    NodePtr rebuilt = ast::make_call(node.call.name, std::move(args), node.column);
    return ast::with_type(*rebuilt, result, *index);
  }

  // contains(haystack, needle): whether needle occurs in haystack, both byte strings.
  NodePtr contains(const Node& node) {
    if (node.call.args.size() != 2) {
      throw TypeError("contains() takes 2 arguments, got " + std::to_string(node.call.args.size()) + " (column " +
                      std::to_string(node.column) + ")");
    }
    std::vector<NodePtr> args;
    for (const NodePtr& arg : node.call.args) {
      args.push_back(check(arg, false));
      if (*args.back()->dtype != DType::Bytes) {
        throw TypeError("contains() needs byte string arguments, got " + describe(*args.back()->dtype) + " (column " +
                        std::to_string(node.column) + ")");
      }
    }
    NodePtr rebuilt = ast::make_call(node.call.name, std::move(args), node.column);
    return ast::with_type(*rebuilt, DType::Bool);
  }

  NodePtr complex_call(const Node& node, std::vector<NodePtr> args, int index, DType operands) {
    const auto complex = complex_functions::find(node.call.name);
    if (!complex) throw TypeError(node.call.name + "() does not take complex arguments" + at_column(node));
    for (NodePtr& arg : args) arg = cast_to(arg, operands);
    NodePtr rebuilt = ast::make_call(node.call.name, std::move(args), node.column);
    return ast::with_type(*rebuilt, complex_functions::result_type(*complex, operands), index);
  }

  static DType common_of(const Node& call, DType a, DType b) {
    if (const auto common = common_type(a, b)) return *common;
    throw TypeError(call.call.name + "() cannot combine " + describe(a) + " and " + describe(b) + " arguments (column " +
                    std::to_string(call.column) + ")");
  }

  NodePtr where(const Node& node, std::vector<NodePtr> args, int index) {
    if (*args[0]->dtype != DType::Bool) {
      throw TypeError("where() needs a bool condition, got " + describe(*args[0]->dtype) +
                      " (column " + std::to_string(node.column) + "); compare it, e.g. where(x != 0, ...)");
    }
    const DType result = common_of(node, *args[1]->dtype, *args[2]->dtype);
    args[1] = cast_to(args[1], result);
    args[2] = cast_to(args[2], result);
    NodePtr rebuilt = ast::make_call(node.call.name, std::move(args), node.column);
    return ast::with_type(*rebuilt, result, index);
  }

  NodePtr reduce(const Node& node, bool outermost) {
    if (!outermost) {
      throw TypeError(std::string(ast::op_name(node.reduce.op)) +
                      "() must be the outermost operation of the expression (column " +
                      std::to_string(node.column) + ")");
    }
    NodePtr operand = widened(check(node.reduce.operand, false));
    reject_bytes(operand, std::string(ast::op_name(node.reduce.op)) + "()", node.column);
    DType type = *operand->dtype;
    const bool additive = node.reduce.op == ast::ReduceOp::Sum || node.reduce.op == ast::ReduceOp::Prod;
    if (!additive && is_complex(type)) {
      throw TypeError(std::string(ast::op_name(node.reduce.op)) + "() is not defined for " + describe(type) +
                      " (numexpr rejects it too)" + at_column(node));
    }
    // Sums and products of bools and integers accumulate in int64, as NumPy's do.
    if (additive && !is_inexact(type)) type = DType::Int64;
    NodePtr rebuilt = ast::make_reduce(node.reduce.op, cast_to(operand, type), node.reduce.axis, node.column);
    return ast::with_type(*rebuilt, type);
  }

  const Signature& signature_;
};

void collect_names(const Node& node, std::set<std::string>& names) {
  if (node.kind == Kind::Variable) names.insert(node.variable.name);
  for (const Node* child : ast::children(node)) collect_names(*child, names);
}

}  // namespace

NodePtr typecheck(const NodePtr& root, const Signature& signature) {
  NodePtr typed = TypeChecker(signature).check(root, true);
  // A byte string input alone is copied, as numexpr does for "s"; no other expression has a
  // byte string value (a literal alone has no array to take a shape from).
  if (*typed->dtype == DType::Bytes && typed->kind != Kind::Variable) {
    throw TypeError("the expression's value is a byte string (column " + std::to_string(root->column) +
                    "); only a byte string input alone is copied; compare it (s == b'x') or test contains()");
  }
  return typed;
}

std::vector<std::string> variable_names(const ast::Node& root) {
  std::set<std::string> names;
  collect_names(root, names);
  return {names.begin(), names.end()};
}

}  // namespace exprjit::typecheck
