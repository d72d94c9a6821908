// Lexer and parser: operator precedence and associativity (checked through ast::to_infix),
// literals and their dtypes, and every SyntaxError path with its column, message and caret.
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/ast.h"
#include "compiler/lexer.h"
#include "compiler/parser.h"
#include "exprjit/error.h"

namespace exprjit {
namespace {

using ast::Kind;

std::string infix(std::string_view text) { return ast::to_infix(*parser::parse(text)); }

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// "a+a+...+a" with `operations` operators.
std::string chain(std::size_t operations, std::string_view op = "+") {
  std::string out = "a";
  for (std::size_t i = 0; i < operations; ++i) {
    out += op;
    out += 'a';
  }
  return out;
}

// Parses `text`, which must fail with a SyntaxError at `column` whose message contains
// `message_part`; checks the error's expression, what() and caret() too.
::testing::AssertionResult FailsAt(const std::string& text, std::size_t column, const std::string& message_part) {
  try {
    parser::parse(text);
  } catch (const SyntaxError& error) {
    const std::string what = error.what();
    const std::string shown = text.size() > 80 ? text.substr(0, 80) + "..." : text;
    if (error.column() != column)
      return ::testing::AssertionFailure() << "'" << shown << "': column " << error.column() << ", expected "
                                           << column << " (" << what << ")";
    if (what.find(message_part) == std::string::npos)
      return ::testing::AssertionFailure() << "'" << shown << "': message \"" << what << "\" lacks \""
                                           << message_part << "\"";
    if (what.find("column " + std::to_string(column)) == std::string::npos)
      return ::testing::AssertionFailure() << "'" << shown << "': message \"" << what << "\" does not name the column";
    if (error.expression() != text)
      return ::testing::AssertionFailure() << "'" << shown << "': expression() is not the input text";
    std::string line = text;
    for (char& c : line)
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    const std::string expected_caret = line + "\n" + std::string(column - 1, ' ') + "^";
    if (error.caret() != expected_caret)
      return ::testing::AssertionFailure() << "'" << shown << "': caret is\n" << error.caret().substr(0, 200);
    return ::testing::AssertionSuccess();
  } catch (const std::exception& other) {
    return ::testing::AssertionFailure() << "'" << text.substr(0, 80) << "' threw a non-SyntaxError: " << other.what();
  }
  return ::testing::AssertionFailure() << "'" << text.substr(0, 80) << "' parsed without error";
}

// A readable gtest name for a table row: its index and the expression's letters and digits.
template <class Case>
std::string RowName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* c = info.param.text; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Precedence and associativity

struct InfixCase {
  const char* text;
  const char* infix;
};

class Precedence : public ::testing::TestWithParam<InfixCase> {};

TEST_P(Precedence, MatchesPython) {
  const InfixCase& c = GetParam();
  EXPECT_EQ(infix(c.text), c.infix) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, Precedence,
    ::testing::Values(
        InfixCase{"a", "a"},
        InfixCase{"a+b*c", "(a + (b * c))"},
        InfixCase{"a*b+c", "((a * b) + c)"},
        InfixCase{"(a+b)*c", "((a + b) * c)"},
        InfixCase{"((a))", "a"},
        InfixCase{"a-b-c", "((a - b) - c)"},
        InfixCase{"a-(b-c)", "(a - (b - c))"},
        InfixCase{"a/b/c", "((a / b) / c)"},
        InfixCase{"a/b*c", "((a / b) * c)"},
        InfixCase{"a//b%c", "((a // b) % c)"},
        InfixCase{"a%b*c", "((a % b) * c)"},
        InfixCase{"a**b**c", "(a ** (b ** c))"},
        InfixCase{"(a**b)**c", "((a ** b) ** c)"},
        InfixCase{"-a**2", "(-(a ** 2))"},
        InfixCase{"-2**2", "(-(2 ** 2))"},
        InfixCase{"2**-1", "(2 ** (-1))"},
        InfixCase{"a**-b**c", "(a ** (-(b ** c)))"},
        InfixCase{"a*b**c", "(a * (b ** c))"},
        InfixCase{"-a*b", "((-a) * b)"},
        InfixCase{"a*-b", "(a * (-b))"},
        InfixCase{"- -a", "(-(-a))"},
        InfixCase{"--a", "(-(-a))"},
        InfixCase{"+a", "a"},
        InfixCase{"+-a", "(-a)"},
        InfixCase{"a+-b", "(a + (-b))"},
        InfixCase{"~a", "(~a)"},
        InfixCase{"~-a", "(~(-a))"},
        InfixCase{"~a&b", "((~a) & b)"},
        InfixCase{"a<<b+c", "(a << (b + c))"},
        InfixCase{"a<<b>>c", "((a << b) >> c)"},
        InfixCase{"a+b<<c", "((a + b) << c)"},
        InfixCase{"a&b<<c", "(a & (b << c))"},
        InfixCase{"a&b|c^d", "((a & b) | (c ^ d))"},
        InfixCase{"a|b&c", "(a | (b & c))"},
        InfixCase{"a^b&c", "(a ^ (b & c))"},
        InfixCase{"a|b^c", "(a | (b ^ c))"},
        InfixCase{"a|b|c", "((a | b) | c)"},
        InfixCase{"a<b", "(a < b)"},
        InfixCase{"a+1<b*2", "((a + 1) < (b * 2))"},
        InfixCase{"a|b==c", "((a | b) == c)"},
        InfixCase{"a!=b&c", "(a != (b & c))"},
        InfixCase{"a<=b", "(a <= b)"},
        InfixCase{"a>=b", "(a >= b)"},
        InfixCase{"a>b", "(a > b)"},
        InfixCase{"(a<b)&(c>d)", "((a < b) & (c > d))"},
        InfixCase{"(a<b)<c", "((a < b) < c)"},
        InfixCase{"  a\t+\nb  ", "(a + b)"},
        InfixCase{"f()", "f()"},
        InfixCase{"sin(a)", "sin(a)"},
        InfixCase{"arctan2(a, b+1)", "arctan2(a, (b + 1))"},
        InfixCase{"where(a<b, a, -b)", "where((a < b), a, (-b))"},
        InfixCase{"sin(cos(x))**2", "(sin(cos(x)) ** 2)"},
        InfixCase{"-sin(x)", "(-sin(x))"},
        InfixCase{"sum(x)", "sum(x)"},
        InfixCase{"sum(x, axis=1)", "sum(x, axis=1)"},
        InfixCase{"sum(x, 1)", "sum(x, axis=1)"},
        InfixCase{"sum(x, axis=-1)", "sum(x, axis=-1)"},
        InfixCase{"prod(x+1, axis = 0)", "prod((x + 1), axis=0)"},
        InfixCase{"min(x)", "min(x)"},
        InfixCase{"max(x*y, -2)", "max((x * y), axis=-2)"}),
    RowName<InfixCase>);

TEST(Parser, ColumnsOfNodes) {
  const ast::NodePtr root = parser::parse("ab + sin(c*d)");
  ASSERT_EQ(root->kind, Kind::Binary);
  EXPECT_EQ(root->column, 4u);
  EXPECT_EQ(root->binary.lhs->column, 1u);
  const ast::Node& call = *root->binary.rhs;
  ASSERT_EQ(call.kind, Kind::Call);
  EXPECT_EQ(call.call.name, "sin");
  EXPECT_EQ(call.column, 6u);
  ASSERT_EQ(call.call.args.size(), 1u);
  EXPECT_EQ(call.call.args[0]->column, 11u);
  EXPECT_EQ(call.call.function, -1);  // resolved only by the type checker
  EXPECT_FALSE(root->dtype.has_value());
}

TEST(Parser, CallWithSeveralArguments) {
  const ast::NodePtr root = parser::parse("where(a, b, c+1)");
  ASSERT_EQ(root->kind, Kind::Call);
  ASSERT_EQ(root->call.args.size(), 3u);
  EXPECT_EQ(root->call.args[0]->variable.name, "a");
  EXPECT_EQ(root->call.args[1]->variable.name, "b");
  EXPECT_EQ(root->call.args[2]->kind, Kind::Binary);
}

// numexpr's .real and .imag attributes are calls of real() and imag(), binding tightest.
TEST(Parser, RealAndImagAttributes) {
  EXPECT_EQ(infix("z.real"), infix("real(z)"));
  EXPECT_EQ(infix("-z.imag**2"), infix("-(imag(z)**2)"));
  EXPECT_EQ(infix("abs(z).real + (a*b).imag"), infix("real(abs(z)) + imag(a*b)"));
  EXPECT_EQ(infix("z.real.imag"), infix("imag(real(z))"));
}

TEST(Parser, ReductionAxes) {
  for (const auto& [text, axis] : std::vector<std::pair<std::string, std::optional<int>>>{
           {"sum(x)", std::nullopt}, {"sum(x, axis=1)", 1}, {"sum(x, 1)", 1}, {"sum(x, axis=-1)", -1},
           {"prod(x, axis=0)", 0}, {"max(x, -3)", -3}, {"min(x, axis=64)", 64}}) {
    const ast::NodePtr root = parser::parse(text);
    ASSERT_EQ(root->kind, Kind::Reduce) << text;
    EXPECT_EQ(root->reduce.axis, axis) << text;
    EXPECT_EQ(root->reduce.operand->variable.name, "x") << text;
  }
  EXPECT_EQ(parser::parse("sum(x)")->reduce.op, ast::ReduceOp::Sum);
  EXPECT_EQ(parser::parse("prod(x)")->reduce.op, ast::ReduceOp::Prod);
  EXPECT_EQ(parser::parse("min(x)")->reduce.op, ast::ReduceOp::Min);
  EXPECT_EQ(parser::parse("max(x)")->reduce.op, ast::ReduceOp::Max);
}

TEST(Parser, HeightIsLongestPathToALeaf) {
  EXPECT_EQ(parser::parse("a")->height, 1);
  EXPECT_EQ(parser::parse("a+b")->height, 2);
  EXPECT_EQ(parser::parse("a+b*-c")->height, 4);
  EXPECT_EQ(parser::parse(chain(100))->height, 101);
}

// ---------------------------------------------------------------------------------------------
// Literals

ast::Constant literal(std::string_view text) {
  const ast::NodePtr root = parser::parse(text);
  EXPECT_EQ(root->kind, Kind::Constant) << text;
  EXPECT_EQ(root->dtype, root->constant.dtype) << text;
  return root->constant;
}

TEST(Literals, Integers) {
  EXPECT_EQ(literal("1").dtype, DType::Int32);
  EXPECT_EQ(literal("1").int_value, 1);
  EXPECT_EQ(literal("0").int_value, 0);
  EXPECT_EQ(literal("2147483647").dtype, DType::Int32);
  EXPECT_EQ(literal("2147483647").int_value, INT32_MAX);
  EXPECT_EQ(literal("2147483648").dtype, DType::Int64);
  EXPECT_EQ(literal("2147483648").int_value, std::int64_t{2147483648});
  EXPECT_EQ(literal("9223372036854775807").dtype, DType::Int64);
  EXPECT_EQ(literal("9223372036854775807").int_value, INT64_MAX);
  // A minus sign is an operator, not part of the literal.
  const ast::NodePtr negative = parser::parse("-1");
  ASSERT_EQ(negative->kind, Kind::Unary);
  EXPECT_EQ(negative->unary.operand->constant.int_value, 1);
}

TEST(Literals, PrefixedAndUnderscoredIntegers) {
  EXPECT_EQ(literal("0x1F").int_value, 31);
  EXPECT_EQ(literal("0X1f").int_value, 31);
  EXPECT_EQ(literal("0o17").int_value, 15);
  EXPECT_EQ(literal("0b101").int_value, 5);
  EXPECT_EQ(literal("0b101").dtype, DType::Int32);
  EXPECT_EQ(literal("1_000").int_value, 1000);
  EXPECT_EQ(literal("1_000").dtype, DType::Int32);
  EXPECT_EQ(literal("0xFFFFFFFF").dtype, DType::Int64);
  EXPECT_EQ(literal("0xFFFFFFFF").int_value, std::int64_t{0xFFFFFFFF});
  EXPECT_EQ(literal("0x7FFFFFFFFFFFFFFF").int_value, INT64_MAX);
  EXPECT_EQ(literal("0").int_value, 0);
  EXPECT_EQ(literal("00").int_value, 0);  // Python accepts all-zero literals
  EXPECT_EQ(literal("1_000.5").float_value, 1000.5);
  EXPECT_EQ(literal("01.5").float_value, 1.5);  // leading zeros are fine in floats
}

TEST(Literals, Floats) {
  EXPECT_EQ(literal("2.5").dtype, DType::Float64);
  EXPECT_EQ(literal("2.5").float_value, 2.5);
  EXPECT_EQ(literal("1e-3").dtype, DType::Float64);
  EXPECT_EQ(literal("1e-3").float_value, 1e-3);
  EXPECT_EQ(literal("1E3").float_value, 1000.0);
  EXPECT_EQ(literal("1e+3").float_value, 1000.0);
  EXPECT_EQ(literal(".5").dtype, DType::Float64);
  EXPECT_EQ(literal(".5").float_value, 0.5);
  EXPECT_EQ(literal("1.").dtype, DType::Float64);
  EXPECT_EQ(literal("1.").float_value, 1.0);
  EXPECT_EQ(literal("2.5e2").float_value, 250.0);
  EXPECT_EQ(literal("0.1").float_value, 0.1);
  EXPECT_EQ(literal("1e999").float_value, HUGE_VAL);  // overflow gives inf, as in Python
  EXPECT_EQ(infix("2.5*x"), "(2.5 * x)");
}

TEST(Literals, Booleans) {
  EXPECT_EQ(literal("True").dtype, DType::Bool);
  EXPECT_TRUE(literal("True").bool_value);
  EXPECT_EQ(literal("False").dtype, DType::Bool);
  EXPECT_FALSE(literal("False").bool_value);
  EXPECT_EQ(infix("True & ~False"), "(True & (~False))");
  // Only the capitalised spellings are literals.
  EXPECT_EQ(parser::parse("true")->kind, Kind::Variable);
}

TEST(Lexer, TokensAndColumns) {
  const auto tokens = lexer::tokenize(" x1 ** 2.5e1//(y)");
  ASSERT_EQ(tokens.size(), 8u);
  EXPECT_EQ(tokens[0].kind, lexer::TokenKind::Name);
  EXPECT_EQ(tokens[0].text, "x1");
  EXPECT_EQ(tokens[0].column, 2u);
  EXPECT_EQ(tokens[1].kind, lexer::TokenKind::Operator);
  EXPECT_EQ(tokens[1].text, "**");
  EXPECT_EQ(tokens[1].column, 5u);
  EXPECT_EQ(tokens[2].kind, lexer::TokenKind::Float);
  EXPECT_EQ(tokens[2].float_value, 25.0);
  EXPECT_EQ(tokens[2].column, 8u);
  EXPECT_EQ(tokens[3].text, "//");
  EXPECT_EQ(tokens[4].kind, lexer::TokenKind::LeftParen);
  EXPECT_EQ(tokens[5].text, "y");
  EXPECT_EQ(tokens[6].kind, lexer::TokenKind::RightParen);
  EXPECT_EQ(tokens[7].kind, lexer::TokenKind::End);
  EXPECT_EQ(tokens[7].column, 18u);
  EXPECT_EQ(tokens.back().kind, lexer::TokenKind::End);
}

TEST(Lexer, TwoCharacterOperators) {
  for (const char* op : {"**", "//", "<<", ">>", "<=", ">=", "==", "!="}) {
    const auto tokens = lexer::tokenize(std::string("a") + op + "b");
    ASSERT_EQ(tokens.size(), 4u) << op;
    EXPECT_EQ(tokens[1].text, op);
    EXPECT_EQ(tokens[2].column, 4u) << op;
  }
}

// ---------------------------------------------------------------------------------------------
// Errors: every one a SyntaxError with the column of the offending token.

TEST(SyntaxErrors, EmptyExpression) {
  EXPECT_TRUE(FailsAt("", 1, "empty expression"));
  EXPECT_TRUE(FailsAt("   ", 4, "empty expression"));
}

TEST(SyntaxErrors, MissingOperand) {
  EXPECT_TRUE(FailsAt("a+", 3, "end of expression"));
  EXPECT_TRUE(FailsAt("a *", 4, "end of expression"));
  EXPECT_TRUE(FailsAt("-", 2, "end of expression"));
  EXPECT_TRUE(FailsAt("a**", 4, "end of expression"));
  EXPECT_TRUE(FailsAt("a + * b", 5, "unexpected '*'"));
  EXPECT_TRUE(FailsAt("()", 2, "unexpected ')'"));
  EXPECT_TRUE(FailsAt("f(a,)", 5, "unexpected ')'"));
  EXPECT_TRUE(FailsAt(",", 1, "unexpected ','"));
  EXPECT_TRUE(FailsAt("a = b", 3, "unexpected '='"));
}

TEST(SyntaxErrors, UnbalancedParentheses) {
  EXPECT_TRUE(FailsAt("(a", 3, "expected ')'"));
  EXPECT_TRUE(FailsAt("((a)", 5, "expected ')'"));
  EXPECT_TRUE(FailsAt("(a b)", 4, "expected ')', found 'b'"));
  EXPECT_TRUE(FailsAt("sin(a", 6, "expected ')' or ','"));
  EXPECT_TRUE(FailsAt("a)", 2, "unexpected ')'"));
  EXPECT_TRUE(FailsAt("(a))", 4, "unexpected ')'"));
}

TEST(SyntaxErrors, AdjacentOperands) {
  EXPECT_TRUE(FailsAt("a b", 3, "unexpected 'b'"));
  EXPECT_TRUE(FailsAt("1 2", 3, "unexpected '2'"));
  EXPECT_TRUE(FailsAt("(a)(b)", 4, "unexpected '('"));
}

TEST(SyntaxErrors, MalformedNumbers) {
  // The second decimal point is where the number stops making sense.
  EXPECT_TRUE(FailsAt("1.2.3", 4, "invalid character in number"));
  EXPECT_TRUE(FailsAt("1..2", 3, "invalid character in number"));
  EXPECT_TRUE(FailsAt("1e", 3, "malformed exponent"));
  EXPECT_TRUE(FailsAt("1e+", 4, "malformed exponent"));
  EXPECT_TRUE(FailsAt("x + 2.5e-y", 10, "malformed exponent"));
  EXPECT_TRUE(FailsAt("2x", 2, "invalid character in number"));
  EXPECT_TRUE(FailsAt("a * 12abc", 7, "invalid character in number"));
  EXPECT_TRUE(FailsAt("1.5_", 4, "invalid character in number"));
  EXPECT_TRUE(FailsAt("1__000", 2, "invalid character in number"));
  EXPECT_TRUE(FailsAt("1_", 2, "invalid character in number"));
  EXPECT_TRUE(FailsAt("007", 1, "leading zeros"));
  EXPECT_TRUE(FailsAt("x * 0_1", 5, "leading zeros"));
  EXPECT_TRUE(FailsAt("0x", 3, "missing digits after 0x"));
  EXPECT_TRUE(FailsAt("0o8", 3, "missing digits after 0o"));
  EXPECT_TRUE(FailsAt("0b", 3, "missing digits after 0b"));
  EXPECT_TRUE(FailsAt("0x1g", 4, "invalid digit in number"));
  EXPECT_TRUE(FailsAt("0b102", 5, "invalid digit in number"));
  EXPECT_TRUE(FailsAt("0o17_", 5, "invalid digit in number"));
}

TEST(SyntaxErrors, UnexpectedCharacters) {
  EXPECT_TRUE(FailsAt("a $ b", 3, "unexpected character '$'"));
  EXPECT_TRUE(FailsAt("a @ b", 3, "unexpected character '@'"));
  EXPECT_TRUE(FailsAt("a.b", 2, "attributes other than .real and .imag are not supported"));
  EXPECT_TRUE(FailsAt("a.conj()", 2, "attributes other than .real and .imag are not supported"));
  EXPECT_TRUE(FailsAt("a.", 2, "attributes other than .real and .imag are not supported"));
  EXPECT_TRUE(FailsAt("a ! b", 3, "unexpected character '!'"));
  EXPECT_TRUE(FailsAt("x[0]", 2, "unexpected character '['"));
  EXPECT_TRUE(FailsAt("\ta $", 4, "unexpected character '$'"));  // caret line shows the tab as a space
  EXPECT_TRUE(FailsAt("a + \xc3\xa9", 5, "unexpected byte 195"));  // UTF-8 'é'
  EXPECT_TRUE(FailsAt(std::string("a+\x01"), 3, "unexpected byte 1"));
  EXPECT_TRUE(FailsAt(std::string("a+b\0c", 5), 4, "unexpected byte 0"));
}

TEST(SyntaxErrors, ChainedComparison) {
  EXPECT_TRUE(FailsAt("a<b<c", 4, "chained comparisons"));
  EXPECT_TRUE(FailsAt("a == b != c", 8, "chained comparisons"));
  EXPECT_TRUE(FailsAt("a+1 < b >= c", 9, "'&'"));
}

TEST(SyntaxErrors, BooleanKeywordsAtOperandPosition) {
  EXPECT_TRUE(FailsAt("not a", 1, "'not' is not supported"));
  EXPECT_TRUE(FailsAt("a & not b", 5, "'not' is not supported"));
  EXPECT_TRUE(FailsAt("and", 1, "'and' is not supported"));
}

// "a and b" is the natural way to write it: the error should carry the same hint as "not a"
// rather than a bare "unexpected 'and'".
TEST(SyntaxErrors, BooleanKeywordsBetweenOperands) {
  EXPECT_TRUE(FailsAt("a and b", 3, "'and' is not supported"));
  EXPECT_TRUE(FailsAt("a or b", 3, "'or' is not supported"));
  EXPECT_TRUE(FailsAt("(a < 1) and (b > 2)", 9, "'and' is not supported"));
}

TEST(SyntaxErrors, IntegerTooLarge) {
  EXPECT_TRUE(FailsAt("9223372036854775808", 1, "does not fit in int64"));
  EXPECT_TRUE(FailsAt("x + 99999999999999999999999", 5, "does not fit in int64"));
  EXPECT_TRUE(FailsAt("0x8000000000000000", 1, "does not fit in int64"));
  EXPECT_TRUE(FailsAt("x + 0x1FFFFFFFFFFFFFFFF", 5, "does not fit in int64"));
  EXPECT_TRUE(FailsAt("0b" + std::string(64, '1'), 1, "does not fit in int64"));
  // Floats of any size are fine.
  EXPECT_NO_THROW(parser::parse("9223372036854775808.0"));
}

TEST(SyntaxErrors, Reductions) {
  EXPECT_TRUE(FailsAt("sum()", 5, "sum() takes an expression"));
  EXPECT_TRUE(FailsAt("prod( )", 7, "prod() takes an expression"));
  EXPECT_TRUE(FailsAt("sum(a, axis=x)", 13, "axis must be a small integer literal"));
  EXPECT_TRUE(FailsAt("sum(a, axis=1.5)", 13, "axis must be a small integer literal"));
  EXPECT_TRUE(FailsAt("sum(a, axis=1000)", 13, "axis must be a small integer literal"));
  EXPECT_TRUE(FailsAt("sum(a, axis=-1000)", 14, "axis must be a small integer literal"));
  EXPECT_TRUE(FailsAt("sum(a, axis=)", 13, "axis must be a small integer literal"));
  EXPECT_TRUE(FailsAt("sum(a, )", 8, "axis must be a small integer literal"));
  EXPECT_TRUE(FailsAt("sum(a, axis 1)", 13, "expected '=' after 'axis'"));
  EXPECT_TRUE(FailsAt("sum(a, axis=1", 14, "expected ')'"));
  EXPECT_TRUE(FailsAt("sum(a, 1, 2)", 9, "expected ')'"));
}

TEST(SyntaxErrors, NestingTooDeep) {
  const std::size_t n = 100000;
  const std::size_t limit = parser::kMaxNestingDepth;
  std::string text = repeat("(", n) + "a" + repeat(")", n);
  try {
    parser::parse(text);
    ADD_FAILURE() << "100000 nested parentheses parsed";
  } catch (const SyntaxError& error) {
    EXPECT_GE(error.column(), limit);
    EXPECT_LE(error.column(), limit + 1);
    EXPECT_NE(std::string(error.what()).find("nested too deeply"), std::string::npos) << error.what();
    EXPECT_TRUE(FailsAt(text, error.column(), "nested too deeply"));
  }
  for (const char* unary : {"-", "~", "+"}) {
    text = repeat(unary, n) + "a";
    try {
      parser::parse(text);
      ADD_FAILURE() << "100000 unary " << unary << " parsed";
    } catch (const SyntaxError& error) {
      EXPECT_GE(error.column(), limit) << unary;
      EXPECT_LE(error.column(), limit + 1) << unary;
      EXPECT_TRUE(FailsAt(text, error.column(), "nested too deeply"));
    }
  }
  // Right-associative powers, calls and reductions nest too.
  for (const std::string& deep : {chain(n, "**"), repeat("sin(", n) + "a" + repeat(")", n),
                                  repeat("sum(", n) + "a" + repeat(")", n), repeat("-(", n) + "a" + repeat(")", n)}) {
    try {
      parser::parse(deep);
      ADD_FAILURE() << deep.substr(0, 20) << "... parsed";
    } catch (const SyntaxError& error) {
      EXPECT_LE(error.column(), 4 * (limit + 2)) << deep.substr(0, 20);
      EXPECT_NE(std::string(error.what()).find("nested too deeply"), std::string::npos) << error.what();
    }
  }
}

// kMaxNestingDepth is documented as the maximum nesting of parentheses, unary operators,
// powers and calls: that many levels of each are accepted, one more is not.
TEST(SyntaxErrors, NestingLimitIsExact) {
  const std::size_t limit = parser::kMaxNestingDepth;
  EXPECT_NO_THROW(parser::parse(repeat("(", limit) + "a" + repeat(")", limit))) << "parentheses";
  EXPECT_THROW(parser::parse(repeat("(", limit + 1) + "a" + repeat(")", limit + 1)), SyntaxError);
  EXPECT_NO_THROW(parser::parse(repeat("-", limit) + "a")) << "unary minus";
  EXPECT_THROW(parser::parse(repeat("-", limit + 1) + "a"), SyntaxError);
  EXPECT_NO_THROW(parser::parse(repeat("sin(", limit) + "a" + repeat(")", limit))) << "calls";
  EXPECT_THROW(parser::parse(repeat("sin(", limit + 1) + "a" + repeat(")", limit + 1)), SyntaxError);
}

TEST(SyntaxErrors, ChainTooLong) {
  const std::size_t limit = parser::kMaxTreeHeight;
  // The limit-th '+' of "a+a+..." is at column 2*limit and makes the tree limit+1 tall.
  EXPECT_TRUE(FailsAt(chain(4999), 2 * limit, "expression too long"));
  EXPECT_TRUE(FailsAt(chain(4999, "*"), 2 * limit, "expression too long"));
  EXPECT_TRUE(FailsAt(chain(4999, "<<"), 3 * limit - 1, "expression too long"));
  // Just below the limit parses.
  const ast::NodePtr longest = parser::parse(chain(limit - 1));
  EXPECT_EQ(longest->height, static_cast<int>(limit));
}

// kMaxTreeHeight bounds every accepted tree, not just bare chains: wrapping a chain of the
// maximum height in a unary operator, a call or a power must not yield a taller tree.
TEST(SyntaxErrors, TreeHeightLimitHoldsThroughWrappers) {
  const std::size_t limit = parser::kMaxTreeHeight;
  const std::string longest = chain(limit - 1);
  for (const std::string& text : {"-(" + longest + ")", "sin(" + longest + ")", "2**(" + longest + ")",
                                  "sum(" + longest + ")"}) {
    try {
      const ast::NodePtr root = parser::parse(text);
      EXPECT_LE(root->height, static_cast<int>(limit)) << text.substr(0, 12) << "... was accepted";
    } catch (const SyntaxError&) {
      // Rejecting it is fine too.
    }
  }
}

TEST(SyntaxErrors, ExpressionTooLongIsValueError) {
  const std::size_t limit = parser::kMaxExpressionLength;
  std::string text = "a" + std::string(limit, ' ');  // limit + 1 bytes
  try {
    parser::parse(text);
    ADD_FAILURE() << "an expression of " << text.size() << " bytes parsed";
  } catch (const SyntaxError&) {
    ADD_FAILURE() << "expected ValueError, got SyntaxError";
  } catch (const ValueError& error) {
    EXPECT_NE(std::string(error.what()).find(std::to_string(limit)), std::string::npos) << error.what();
  }
  text.pop_back();  // exactly at the limit: accepted
  EXPECT_EQ(parser::parse(text)->kind, Kind::Variable);
}

TEST(SyntaxErrors, AreExprjitErrors) {
  try {
    parser::parse("a +");
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(dynamic_cast<const SyntaxError*>(&error), nullptr);
  }
}

TEST(SyntaxErrors, CaretFormat) {
  try {
    parser::parse("x + y $ z");
    FAIL();
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.column(), 7u);
    EXPECT_EQ(error.caret(), "x + y $ z\n      ^");
  }
  try {
    parser::parse("a+");
    FAIL();
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.caret(), "a+\n  ^");  // end of text: one past the last character
  }
}

}  // namespace
}  // namespace exprjit
