#include "compiler/parser.h"

#include <array>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "compiler/lexer.h"
#include "exprjit/error.h"

namespace exprjit::parser {
namespace {

using ast::BinaryOp;
using ast::NodePtr;
using lexer::Token;
using lexer::TokenKind;

// Binary operator levels, loosest first (Python's table, without boolean and/or/not).
// Comparisons are level 0 and do not chain: "a < b < c" is rejected.
struct Level {
  std::vector<std::pair<std::string_view, BinaryOp>> ops;
};
const std::array<Level, 7> kLevels = {{
    {{{"<", BinaryOp::Less}, {"<=", BinaryOp::LessEqual}, {"==", BinaryOp::Equal},
      {"!=", BinaryOp::NotEqual}, {">=", BinaryOp::GreaterEqual}, {">", BinaryOp::Greater}}},
    {{{"|", BinaryOp::BitOr}}},
    {{{"^", BinaryOp::BitXor}}},
    {{{"&", BinaryOp::BitAnd}}},
    {{{"<<", BinaryOp::LShift}, {">>", BinaryOp::RShift}}},
    {{{"+", BinaryOp::Add}, {"-", BinaryOp::Sub}}},
    {{{"*", BinaryOp::Mul}, {"/", BinaryOp::Div}, {"//", BinaryOp::FloorDiv}, {"%", BinaryOp::Mod}}},
}};
constexpr std::size_t kComparisonLevel = 0;

std::optional<ast::ReduceOp> reduction_named(std::string_view name) {
  if (name == "sum") return ast::ReduceOp::Sum;
  if (name == "prod") return ast::ReduceOp::Prod;
  if (name == "min") return ast::ReduceOp::Min;
  if (name == "max") return ast::ReduceOp::Max;
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(lexer::tokenize(text)) {}

  NodePtr run() {
    if (peek().kind == TokenKind::End) fail("empty expression", peek());
    NodePtr root = binary(0);  // the top level is not a nesting level
    if (peek().kind != TokenKind::End) fail_unexpected(peek());
    return root;
  }

 private:
  // Counts nesting on entry to each recursive rule so that hostile input ends in an error.
  class DepthGuard {
   public:
    DepthGuard(Parser& parser, const Token& at) : parser_(parser) {
      if (++parser_.depth_ > kMaxNestingDepth)
        parser_.fail("expression nested too deeply (limit " + std::to_string(kMaxNestingDepth) + ")", at);
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser& parser_;
  };

  [[noreturn]] void fail(const std::string& message, const Token& at) const {
    throw SyntaxError(message, std::string(text_), at.column);
  }
  static bool is_python_keyword(const Token& token) {
    return token.kind == TokenKind::Name && (token.text == "and" || token.text == "or" || token.text == "not");
  }
  [[noreturn]] void fail_unexpected(const Token& at) const {
    if (is_python_keyword(at)) fail("'" + at.text + "' is not supported; use '&', '|' or '~'", at);
    fail("unexpected '" + at.text + "'", at);
  }
  // Every node the parser builds goes through here, so no accepted tree is taller than the limit.
  NodePtr bounded(NodePtr node, const Token& at) const {
    if (node->height > kMaxTreeHeight)
      fail("expression too long or too deeply nested: more than " + std::to_string(kMaxTreeHeight) + " levels", at);
    return node;
  }
  const Token& peek() const { return tokens_[pos_]; }
  // Counted where tokens are consumed, so that a nesting error earlier in the text wins.
  const Token& take() {
    if (pos_ >= kMaxTokens)
      throw ValueError("expression has more than " + std::to_string(kMaxTokens) + " tokens");
    return tokens_[pos_++];
  }
  bool at_operator(std::string_view op) const {
    return peek().kind == TokenKind::Operator && peek().text == op;
  }
  void expect(TokenKind kind, std::string_view what) {
    if (peek().kind != kind) {
      if (is_python_keyword(peek())) fail_unexpected(peek());
      const std::string found = peek().kind == TokenKind::End ? "end of expression" : "'" + peek().text + "'";
      fail("expected " + std::string(what) + ", found " + found, peek());
    }
    take();
  }

  NodePtr expression() {
    DepthGuard guard(*this, peek());
    return binary(0);
  }

  std::optional<BinaryOp> operator_at(std::size_t level) const {
    if (peek().kind != TokenKind::Operator) return std::nullopt;
    for (const auto& [symbol, op] : kLevels[level].ops)
      if (peek().text == symbol) return op;
    return std::nullopt;
  }

  // Left-associative binary levels, iterating within a level so long chains use no stack.
  NodePtr binary(std::size_t level) {
    if (level == kLevels.size()) return unary();
    NodePtr lhs = binary(level + 1);
    while (auto op = operator_at(level)) {
      const Token& op_token = take();
      NodePtr rhs = binary(level + 1);
      lhs = ast::make_binary(*op, std::move(lhs), std::move(rhs), op_token.column);
      if (lhs->height > kMaxTreeHeight)
        fail("expression too long: more than " + std::to_string(kMaxTreeHeight) + " chained operations", op_token);
      if (level == kComparisonLevel && operator_at(level))
        fail("chained comparisons are not supported; combine them with '&'", peek());
    }
    return lhs;
  }

  NodePtr unary() {
    if (at_operator("-") || at_operator("+") || at_operator("~")) {
      const Token& op_token = take();
      DepthGuard guard(*this, op_token);
      NodePtr operand = unary();
      if (op_token.text == "+") return operand;
      return bounded(ast::make_unary(op_token.text == "-" ? ast::UnaryOp::Neg : ast::UnaryOp::Invert,
                                     std::move(operand), op_token.column),
                     op_token);
    }
    return power();
  }

  // "**" binds tighter than a unary operator on its left and is right-associative; its right
  // operand may itself start with a unary operator (2**-1).
  NodePtr power() {
    NodePtr base = attributes(primary());
    if (!at_operator("**")) return base;
    const Token& op_token = take();
    DepthGuard guard(*this, op_token);
    NodePtr exponent = unary();
    return bounded(ast::make_binary(BinaryOp::Pow, std::move(base), std::move(exponent), op_token.column), op_token);
  }

  // numexpr's two attributes: `z.real` and `z.imag` are real(z) and imag(z), binding tighter
  // than any operator (`-z.imag**2` is -((imag(z))**2)), as in Python.
  NodePtr attributes(NodePtr base) {
    while (peek().kind == TokenKind::Dot) {
      const Token& dot = take();
      const Token& attribute = take();
      if (attribute.kind != TokenKind::Name || (attribute.text != "real" && attribute.text != "imag"))
        fail("attributes other than .real and .imag are not supported", dot);
      std::vector<NodePtr> args;
      args.push_back(std::move(base));
      base = bounded(ast::make_call(attribute.text, std::move(args), attribute.column), dot);
    }
    return base;
  }

  NodePtr primary() {
    const Token& token = take();
    switch (token.kind) {
      case TokenKind::Integer:
        return ast::make_constant(integer_constant(token.int_value), token.column);
      case TokenKind::Float:
        if (token.imaginary)
          return ast::make_constant({.dtype = DType::Complex128, .imag_value = token.float_value}, token.column);
        return ast::make_constant({.dtype = DType::Float64, .float_value = token.float_value}, token.column);
      case TokenKind::Name: return name(token);
      case TokenKind::String: {
        std::string value = token.bytes_value;
        while (peek().kind == TokenKind::String) value += take().bytes_value;  // 'a' 'b' is 'ab', as in Python
        return ast::make_constant({.dtype = DType::Bytes, .bytes_value = std::move(value)}, token.column);
      }
      case TokenKind::LeftParen: {
        DepthGuard guard(*this, token);
        NodePtr inner = binary(0);
        expect(TokenKind::RightParen, "')'");
        return inner;
      }
      case TokenKind::End: fail("unexpected end of expression", token);
      default: fail("unexpected '" + token.text + "'", token);
    }
  }

  static ast::Constant integer_constant(std::int64_t value) {
    const bool fits_int32 = value >= INT32_MIN && value <= INT32_MAX;
    return {.dtype = fits_int32 ? DType::Int32 : DType::Int64, .int_value = value};
  }

  NodePtr name(const Token& token) {
    if (token.text == "True" || token.text == "False")
      return ast::make_constant({.dtype = DType::Bool, .bool_value = token.text == "True"}, token.column);
    if (is_python_keyword(token)) fail_unexpected(token);
    if (peek().kind != TokenKind::LeftParen) return variable(token);
    take();
    if (auto reduction = reduction_named(token.text)) return reduce(*reduction, token);
    std::vector<NodePtr> args;
    if (peek().kind != TokenKind::RightParen) {
      args.push_back(expression());
      while (peek().kind == TokenKind::Comma) {
        take();
        args.push_back(expression());
      }
    }
    expect(TokenKind::RightParen, "')' or ','");
    return bounded(ast::make_call(token.text, std::move(args), token.column), token);
  }

  NodePtr variable(const Token& token) {
    if (variables_.insert(token.text).second && variables_.size() > kMaxVariables)
      throw ValueError("expression uses more than " + std::to_string(kMaxVariables) + " distinct variables");
    return ast::make_variable(token.text, token.column);
  }

  // sum(expr) or sum(expr, axis=N); also accepts a positional axis as numexpr does.
  NodePtr reduce(ast::ReduceOp op, const Token& name_token) {
    if (peek().kind == TokenKind::RightParen) fail(name_token.text + "() takes an expression", peek());
    NodePtr operand = expression();
    std::optional<int> axis;
    if (peek().kind == TokenKind::Comma) {
      take();
      if (peek().kind == TokenKind::Name && peek().text == "axis") {
        take();
        expect(TokenKind::Assign, "'=' after 'axis'");
      }
      axis = axis_value();
    }
    expect(TokenKind::RightParen, "')'");
    return bounded(ast::make_reduce(op, std::move(operand), axis, name_token.column), name_token);
  }

  int axis_value() {
    bool negative = false;
    if (at_operator("-")) {
      take();
      negative = true;
    }
    const Token& token = take();
    if (token.kind != TokenKind::Integer || token.int_value > 64) fail("axis must be a small integer literal", token);
    return static_cast<int>(negative ? -token.int_value : token.int_value);
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::unordered_set<std::string> variables_;
};

}  // namespace

NodePtr parse(std::string_view text) {
  if (text.size() > kMaxExpressionLength)
    throw ValueError("expression is " + std::to_string(text.size()) + " bytes long; the limit is " +
                     std::to_string(kMaxExpressionLength));
  return Parser(text).run();
}

}  // namespace exprjit::parser
