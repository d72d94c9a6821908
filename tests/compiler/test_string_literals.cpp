// Byte string literals: the lexer's decoding of every escape, its SyntaxErrors (column and
// caret), the parser's Bytes constants and their printing, and the type checker's rules for
// byte strings (comparisons and contains() give bool; every other use is a TypeError).
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/ast.h"
#include "compiler/lexer.h"
#include "compiler/parser.h"
#include "compiler/simplify.h"
#include "compiler/string_literal.h"
#include "compiler/typecheck.h"
#include "exprjit/error.h"

namespace exprjit {
namespace {

using ast::NodePtr;

std::string decoded(const std::string& text) {
  const std::vector<lexer::Token> tokens = lexer::tokenize(text);
  EXPECT_EQ(tokens.size(), 2u) << text;
  EXPECT_EQ(tokens[0].kind, lexer::TokenKind::String) << text;
  EXPECT_EQ(tokens[0].text, text);
  return tokens[0].bytes_value;
}

TEST(StringLiterals, QuotesAndPrefixes) {
  EXPECT_EQ(decoded("'abc'"), "abc");
  EXPECT_EQ(decoded("\"abc\""), "abc");
  EXPECT_EQ(decoded("b'abc'"), "abc");
  EXPECT_EQ(decoded("B\"abc\""), "abc");
  EXPECT_EQ(decoded("''"), "");
  EXPECT_EQ(decoded("'a\"b'"), "a\"b");
  EXPECT_EQ(decoded("\"a'b\""), "a'b");
  EXPECT_EQ(decoded("' a + b '"), " a + b ");
}

TEST(StringLiterals, PythonEscapes) {
  EXPECT_EQ(decoded(R"('\\')"), "\\");
  EXPECT_EQ(decoded(R"('\'')"), "'");
  EXPECT_EQ(decoded(R"("\"")"), "\"");
  EXPECT_EQ(decoded(R"('\n\t\r')"), "\n\t\r");
  EXPECT_EQ(decoded(R"('\a\b\f\v')"), "\a\b\f\v");
  EXPECT_EQ(decoded(R"('\0')"), std::string(1, '\0'));
  EXPECT_EQ(decoded(R"('a\0b\0')"), std::string("a\0b\0", 4));
  EXPECT_EQ(decoded(R"('\x41\xff\x00')"), std::string("A\xff\0", 3));
  EXPECT_EQ(decoded(R"('\xaB')"), "\xab");
  EXPECT_EQ(decoded(R"('\101\7\0101')"), std::string("A\a\b1", 4));
  EXPECT_EQ(decoded(R"('\377')"), "\xff");
  EXPECT_EQ(decoded("'a\\\nb'"), "ab");  // backslash-newline continues the line
}

TEST(StringLiterals, TokensAroundLiterals) {
  const std::vector<lexer::Token> tokens = lexer::tokenize("contains(s, b'x')==b");
  ASSERT_EQ(tokens.size(), 9u);
  EXPECT_EQ(tokens[4].kind, lexer::TokenKind::String);
  EXPECT_EQ(tokens[4].column, 13u);
  EXPECT_EQ(tokens[7].kind, lexer::TokenKind::Name);  // a name b, not a prefix
  EXPECT_EQ(tokens[7].text, "b");
  EXPECT_EQ(lexer::tokenize("bb'x'")[0].text, "bb");  // only a one-letter prefix
}

// The literal error must be a SyntaxError at `column` naming it, with the caret under it.
void expect_error(const std::string& text, std::size_t column, const std::string& part) {
  try {
    parser::parse(text);
    ADD_FAILURE() << text << " parsed";
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.column(), column) << text << ": " << error.what();
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos) << text << ": " << error.what();
    EXPECT_NE(std::string(error.what()).find("column " + std::to_string(column)), std::string::npos) << error.what();
    EXPECT_EQ(error.caret(), text + "\n" + std::string(column - 1, ' ') + "^");
  }
}

TEST(StringLiterals, Errors) {
  expect_error("s == 'abc", 6, "unterminated string literal");
  expect_error("s == b\"abc'", 6, "unterminated string literal");
  expect_error("'abc\\'", 1, "unterminated string literal");
  expect_error("'a\\", 3, "unterminated string literal");
  expect_error("s == 'a\\qb'", 8, "invalid escape '\\q'");
  expect_error("s == 'a\\x4'", 8, "truncated \\xHH escape");
  expect_error("s == '\\xg0'", 7, "truncated \\xHH escape");
  expect_error("s == '\\400'", 7, "octal escape out of range");
  expect_error("s == u'abc'", 6, "unicode strings are not supported");
  expect_error("s == U\"abc\"", 6, "unicode strings are not supported");
  expect_error("s == r'abc'", 6, "raw string literals are not supported");
  expect_error("s == 'caf\xc3\xa9'", 10, "ASCII characters only");
  expect_error("s == 'ab'c", 10, "unexpected");
  expect_error("'a' 'b' c", 9, "unexpected");
}

TEST(StringLiterals, AdjacentLiteralsConcatenateAsInPython) {
  EXPECT_EQ(ast::to_infix(*parser::parse("s == 'a' b\"b\" '\\0'")), "(s == b'ab\\x00')");
  EXPECT_EQ(parser::parse("s == 'a' 'b'")->binary.rhs->column, 6u);
}

TEST(StringLiterals, ConstantsPrintAsPythonBytes) {
  EXPECT_EQ(ast::to_infix(*parser::parse("s == 'a\\\\\\n\\x00\\x7f\\xff'")), "(s == b'a\\\\\\n\\x00\\x7f\\xff')");
  // Python's choice of quotes: " when the bytes hold ' but no ".
  EXPECT_EQ(ast::to_infix(*parser::parse("s == 'a\\'b'")), "(s == b\"a'b\")");
  EXPECT_EQ(ast::to_infix(*parser::parse("s == 'a\\'\"b'")), "(s == b'a\\'\"b')");
  EXPECT_EQ(string_literal::quote(""), "b''");
  EXPECT_EQ(string_literal::quote("\"\t\r"), "b'\"\\t\\r'");
}

const Signature kStrings = {{"s", DType::Bytes, false, 3}, {"t", DType::Bytes, true, 1}, {"x", DType::Float64}};

NodePtr typed(const std::string& text) { return typecheck::typecheck(parser::parse(text), kStrings); }

TEST(StringTypes, ComparisonsAndContainsAreBool) {
  for (const char* text : {"s == t", "s != b'a'", "'a' < s", "s <= s", "s > t", "s >= ''", "contains(s, t)",
                           "contains('abc', s)", "(s == t) & (x > 1)", "where(contains(s, 'a'), x, 1.0) > 0"}) {
    EXPECT_EQ(*typed(text)->dtype, DType::Bool) << text;
  }
  const NodePtr tree = typed("s == b'ab'");
  EXPECT_EQ(*tree->binary.lhs->dtype, DType::Bytes);
  EXPECT_EQ(tree->binary.rhs->kind, ast::Kind::Constant);
  EXPECT_EQ(tree->binary.rhs->constant.bytes_value, "ab");
  EXPECT_EQ(*typed("sum(contains(s, t))")->dtype, DType::Int64);
}

TEST(StringTypes, EveryOtherUseIsATypeErrorAtItsColumn) {
  const std::pair<const char*, const char*> cases[] = {
      {"s + t", "operator '+' is not defined for byte strings (column 3)"},
      {"x * (s % t)", "operator '%' is not defined for byte strings (column 8)"},
      {"-s", "operator '-' is not defined for byte strings (column 1)"},
      {"~s", "operator '~' is not defined for byte strings (column 1)"},
      {"s == x", "operator '==' needs compatible operands, got bytes and float64 (column 3)"},
      {"1 < s", "operator '<' needs compatible operands, got int32 and bytes (column 3)"},
      {"sqrt(s)", "sqrt() is not defined for byte strings (column 1)"},
      {"where(s == t, s, t)", "where() is not defined for byte strings (column 1)"},
      {"int32(s)", "int32() is not defined for byte strings (column 1)"},
      {"x + sum(s)", "sum() must be the outermost"},
      {"max(s)", "max() is not defined for byte strings (column 1)"},
      {"contains(s, x)", "contains() needs byte string arguments, got float64 (column 1)"},
      {"contains(s)", "contains() takes 2 arguments, got 1 (column 1)"},
      {"'abc'", "the expression's value is a byte string (column 1)"},
  };
  for (const auto& [text, message] : cases) {
    try {
      typed(text);
      ADD_FAILURE() << text << " type-checked";
    } catch (const TypeError& error) {
      EXPECT_NE(std::string(error.what()).find(message), std::string::npos) << text << ": " << error.what();
    }
  }
  EXPECT_THROW(typed("bytes(s)"), NameError);
  // An input alone is the one byte string valued expression: a copy, as numexpr's "s".
  EXPECT_EQ(*typed("s")->dtype, DType::Bytes);
  EXPECT_EQ(*typed("(t)")->dtype, DType::Bytes);
}

TEST(StringTypes, EqualLiteralsShareOneNodeAndDifferentOnesDoNot) {
  const NodePtr same = simplify::simplify(typed("(s == 'a') | (t == 'a')"));
  EXPECT_EQ(same->binary.lhs->binary.rhs.get(), same->binary.rhs->binary.rhs.get());
  const NodePtr different = simplify::simplify(typed("(s == 'a') | (s == 'a\\0')"));
  EXPECT_NE(different->binary.lhs.get(), different->binary.rhs.get());
}

}  // namespace
}  // namespace exprjit
