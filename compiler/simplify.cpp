#include "compiler/simplify.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>

namespace exprjit::simplify {
namespace {

using ast::BinaryOp;
using ast::Constant;
using ast::Kind;
using ast::Node;
using ast::NodePtr;

Constant constant_of(DType type, double float_value, std::int64_t int_value, bool bool_value) {
  return {.dtype = type, .bool_value = bool_value, .int_value = int_value, .float_value = float_value};
}

// Converts a constant exactly as the generated code would (sitofp/uitofp, fpext/fptrunc, zext,
// trunc/sext/zext). Constants of every integer dtype hold their bits in int_value.
std::int64_t wrap_to(std::int64_t value, DType to) {
  switch (to) {
    case DType::Int8: return static_cast<std::int8_t>(value);
    case DType::Int16: return static_cast<std::int16_t>(value);
    case DType::Int32: return static_cast<std::int32_t>(value);
    case DType::UInt8: return static_cast<std::uint8_t>(value);
    case DType::UInt16: return static_cast<std::uint16_t>(value);
    case DType::UInt32: return static_cast<std::uint32_t>(value);
    default: return value;
  }
}

// Float to integer as the generated code does it (llvm.fptosi.sat/fptoui.sat): truncate toward
// zero, saturate at the type's limits, NaN -> 0.
std::int64_t saturating_integer(double value, DType to) {
  const int bits = static_cast<int>(itemsize(to)) * 8;
  const bool is_unsigned = is_unsigned_integer(to);
  const double low = is_unsigned ? 0.0 : -std::ldexp(1.0, bits - 1);       // exact powers of two
  const double high = std::ldexp(1.0, is_unsigned ? bits : bits - 1);
  if (std::isnan(value) || (is_unsigned && value <= low)) return 0;
  if (value <= low) return static_cast<std::int64_t>(low);
  if (value >= high) {
    if (is_unsigned) return wrap_to(-1, to);  // all ones: the type's maximum
    return bits == 64 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(high) - 1;
  }
  if (is_unsigned) return static_cast<std::int64_t>(static_cast<std::uint64_t>(value));
  return static_cast<std::int64_t>(value);
}

// A complex constant's parts rounded to `to`'s part type.
Constant complex_constant(DType to, double re, double im) {
  Constant c = constant_of(to, re, 0, false);
  c.imag_value = im;
  if (to == DType::Complex64) {
    c.float_value = static_cast<float>(re);
    c.imag_value = static_cast<float>(im);
  }
  return c;
}

Constant convert(const Constant& c, DType to) {
  if (is_complex(to)) return complex_constant(to, c.as_double(), c.imag_value);
  if (to == DType::Bool) return constant_of(to, 0, 0, c.as_double() != 0.0);
  if (is_integer(to) && is_floating(c.dtype)) return constant_of(to, 0, saturating_integer(c.float_value, to), false);
  if (is_integer(to)) {
    const std::int64_t value = c.dtype == DType::Bool ? c.bool_value : c.int_value;
    return constant_of(to, 0, wrap_to(value, to), false);
  }
  const double value = c.as_double();
  return constant_of(to, to == DType::Float32 ? static_cast<double>(static_cast<float>(value)) : value, 0, false);
}

// Integer arithmetic wraps, as the generated code's does.
std::int64_t wrap(std::int64_t value, DType type) {
  return type == DType::Int32 ? static_cast<std::int32_t>(value) : value;
}

// + - * as the generated code computes them (compiler/complex_ops.cpp: the plain formulas,
// each part rounded to the part type once per operation, as in the kernel).
std::optional<Constant> fold_complex(BinaryOp op, const Constant& a, const Constant& b, DType result) {
  const bool single = result == DType::Complex64;
  auto round = [single](double v) { return single ? static_cast<double>(static_cast<float>(v)) : v; };
  const double ar = a.float_value, ai = a.imag_value, br = b.float_value, bi = b.imag_value;
  switch (op) {
    case BinaryOp::Add: return complex_constant(result, ar + br, ai + bi);
    case BinaryOp::Sub: return complex_constant(result, ar - br, ai - bi);
    case BinaryOp::Mul:
      return complex_constant(result, round(round(ar * br) - round(ai * bi)), round(round(ar * bi) + round(ai * br)));
    default: return std::nullopt;
  }
}

std::optional<Constant> fold_binary(BinaryOp op, const Constant& a, const Constant& b, DType result) {
  if (is_complex(result)) return fold_complex(op, a, b, result);
  if (is_floating(result)) {
    const bool single = result == DType::Float32;
    auto round = [single](double v) { return single ? static_cast<double>(static_cast<float>(v)) : v; };
    double value;
    switch (op) {
      case BinaryOp::Add: value = round(a.float_value + b.float_value); break;
      case BinaryOp::Sub: value = round(a.float_value - b.float_value); break;
      case BinaryOp::Mul: value = round(a.float_value * b.float_value); break;
      case BinaryOp::Div: value = round(a.float_value / b.float_value); break;
      default: return std::nullopt;
    }
    // float32 results computed in double and rounded once are exact for + - * / (the
    // double result of float operands is exact or rounds innocuously: 2p+2 <= 53 bits).
    return constant_of(result, value, 0, false);
  }
  if (is_integer(result)) {
    const auto x = static_cast<std::uint64_t>(a.int_value), y = static_cast<std::uint64_t>(b.int_value);
    std::uint64_t value;
    switch (op) {
      case BinaryOp::Add: value = x + y; break;
      case BinaryOp::Sub: value = x - y; break;
      case BinaryOp::Mul: value = x * y; break;
      default: return std::nullopt;
    }
    return constant_of(result, 0, wrap(static_cast<std::int64_t>(value), result), false);
  }
  return std::nullopt;
}

class Simplifier {
 public:
  NodePtr run(const NodePtr& node) {
    NodePtr rebuilt = rebuild(*node);
    return intern(fold(rebuilt));
  }

 private:
  NodePtr rebuild(const Node& node) {
    switch (node.kind) {
      case Kind::Constant:
      case Kind::Variable: return std::make_shared<const Node>(node);
      case Kind::Unary: {
        NodePtr made = ast::make_unary(node.unary.op, run(node.unary.operand), node.column);
        return ast::with_type(*made, *node.dtype);
      }
      case Kind::Binary: {
        NodePtr made = ast::make_binary(node.binary.op, run(node.binary.lhs), run(node.binary.rhs), node.column);
        return ast::with_type(*made, *node.dtype);
      }
      case Kind::Call: {
        std::vector<NodePtr> args;
        for (const NodePtr& arg : node.call.args) args.push_back(run(arg));
        NodePtr made = ast::make_call(node.call.name, std::move(args), node.column);
        return ast::with_type(*made, *node.dtype, node.call.function);
      }
      case Kind::Cast: return ast::make_cast(run(node.cast.operand), *node.dtype);
      case Kind::Reduce: {
        NodePtr made = ast::make_reduce(node.reduce.op, run(node.reduce.operand), node.reduce.axis, node.column);
        return ast::with_type(*made, *node.dtype);
      }
    }
    return nullptr;
  }

  static NodePtr constant_node(Constant value, std::size_t column) { return ast::make_constant(value, column); }

  NodePtr fold(const NodePtr& node) {
    switch (node->kind) {
      case Kind::Cast:
        if (node->cast.operand->kind == Kind::Constant)
          return constant_node(convert(node->cast.operand->constant, *node->dtype), node->column);
        return node;
      case Kind::Unary: return fold_unary(node);
      case Kind::Binary: return fold_binary_node(node);
      default: return node;
    }
  }

  NodePtr fold_unary(const NodePtr& node) {
    const Node& operand = *node->unary.operand;
    if (operand.kind != Kind::Constant || node->unary.op != ast::UnaryOp::Neg) return node;
    const Constant& c = operand.constant;
    if (is_complex(c.dtype)) return constant_node(complex_constant(c.dtype, -c.float_value, -c.imag_value), node->column);
    if (is_floating(c.dtype)) return constant_node(constant_of(c.dtype, -c.float_value, 0, false), node->column);
    const auto negated = static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(c.int_value));
    return constant_node(constant_of(c.dtype, 0, wrap(negated, c.dtype), false), node->column);
  }

  NodePtr fold_binary_node(const NodePtr& node) {
    const Node& lhs = *node->binary.lhs;
    const Node& rhs = *node->binary.rhs;
    if (lhs.kind == Kind::Constant && rhs.kind == Kind::Constant) {
      if (auto value = fold_binary(node->binary.op, lhs.constant, rhs.constant, *node->dtype))
        return constant_node(*value, node->column);
    }
    if (node->binary.op == BinaryOp::Pow && rhs.kind == Kind::Constant) return reduce_power(node);
    return node;
  }

  // x**2 -> x*x, x**1 -> x, x**0 -> 1, x**-1 -> 1/x (floats). Each gives the correctly
  // rounded result pow would give, so results do not change.
  NodePtr reduce_power(const NodePtr& node) {
    const NodePtr& base = node->binary.lhs;
    const DType type = *node->dtype;
    const double exponent = node->binary.rhs->constant.as_double();
    if (node->binary.rhs->constant.imag_value != 0.0) return node;
    // NumPy's complex power gives +0+0j for every zero base and positive exponent, which x
    // and x*x do not (-0j); only z**0 = 1 holds for complex z.
    if (is_complex(type) && exponent != 0.0) return node;
    if (exponent == 1.0) return base;
    if (exponent == 0.0) return constant_node(convert(constant_of(DType::Int64, 0, 1, false), type), node->column);
    if (exponent == 2.0) {
      NodePtr square = ast::make_binary(BinaryOp::Mul, intern(base), intern(base), node->column);
      return ast::with_type(*square, type);
    }
    if (exponent == -1.0 && is_floating(type)) {
      NodePtr one = intern(constant_node(convert(constant_of(DType::Int64, 0, 1, false), type), node->column));
      NodePtr reciprocal = ast::make_binary(BinaryOp::Div, one, intern(base), node->column);
      return ast::with_type(*reciprocal, type);
    }
    return node;
  }

  // Structural key of a node whose children are already interned (so pointers identify them).
  static std::string key(const Node& node) {
    std::string text = std::to_string(static_cast<int>(node.kind)) + ":" +
                       std::to_string(static_cast<int>(*node.dtype)) + ":";
    switch (node.kind) {
      case Kind::Constant: {
        std::uint64_t bits, imag_bits;
        std::memcpy(&bits, &node.constant.float_value, sizeof bits);
        std::memcpy(&imag_bits, &node.constant.imag_value, sizeof imag_bits);
        text += std::to_string(bits) + "/" + std::to_string(imag_bits) + "/" + std::to_string(node.constant.int_value) + "/" +
                std::to_string(node.constant.bool_value) + "/" + node.constant.bytes_value;
        break;
      }
      case Kind::Variable: text += node.variable.name; break;
      case Kind::Unary: text += std::to_string(static_cast<int>(node.unary.op)); break;
      case Kind::Binary: text += std::to_string(static_cast<int>(node.binary.op)); break;
      case Kind::Call: text += std::to_string(node.call.function); break;
      case Kind::Cast: break;
      case Kind::Reduce:
        text += std::to_string(static_cast<int>(node.reduce.op)) + "/" +
                (node.reduce.axis ? std::to_string(*node.reduce.axis) : "none");
        break;
    }
    for (const Node* child : ast::children(node)) text += "," + std::to_string(reinterpret_cast<std::uintptr_t>(child));
    return text;
  }

  NodePtr intern(const NodePtr& node) {
    auto [it, inserted] = interned_.emplace(key(*node), node);
    return it->second;
  }

  std::map<std::string, NodePtr> interned_;
};

}  // namespace

NodePtr simplify(const NodePtr& typed_root) { return Simplifier().run(typed_root); }

}  // namespace exprjit::simplify
