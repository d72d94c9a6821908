// Complex numbers in the front end: imaginary literals, the type rules of operators and
// functions on complex operands, the errors, and constant folding.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "compiler/ast.h"
#include "compiler/lexer.h"
#include "compiler/parser.h"
#include "compiler/simplify.h"
#include "compiler/typecheck.h"
#include "exprjit/error.h"

namespace exprjit {
namespace {

using ast::Kind;
using ast::NodePtr;

const Signature kSignature = {{"z", DType::Complex128}, {"y", DType::Complex64}, {"f", DType::Float32},
                              {"d", DType::Float64},    {"i", DType::Int32},     {"l", DType::Int64},
                              {"b", DType::Bool}};

NodePtr typed(std::string_view text) { return typecheck::typecheck(parser::parse(text), kSignature); }
NodePtr simplified(std::string_view text) { return simplify::simplify(typed(text)); }
DType result_of(std::string_view text) { return *typed(text)->dtype; }

TEST(ComplexLiterals, ImaginarySuffix) {
  for (const auto& [text, value] : {std::pair{"1.5j", 1.5}, {"2J", 2.0}, {"1e-3j", 1e-3}, {"07j", 7.0}, {".5j", 0.5}}) {
    const auto tokens = lexer::tokenize(text);
    ASSERT_EQ(tokens.size(), 2u) << text;
    EXPECT_EQ(tokens[0].kind, lexer::TokenKind::Float) << text;
    EXPECT_TRUE(tokens[0].imaginary) << text;
    EXPECT_EQ(tokens[0].float_value, value) << text;
    const NodePtr node = parser::parse(text);
    ASSERT_EQ(node->kind, Kind::Constant);
    EXPECT_EQ(node->constant.dtype, DType::Complex128);
    EXPECT_EQ(node->constant.float_value, 0.0);
    EXPECT_EQ(node->constant.imag_value, value);
  }
  EXPECT_FALSE(lexer::tokenize("1.5")[0].imaginary);
}

TEST(ComplexLiterals, MalformedSuffixIsASyntaxError) {
  for (const char* text : {"1jj", "1j5", "0x1j", "1_j", "2ja"}) EXPECT_THROW(lexer::tokenize(text), SyntaxError) << text;
}

TEST(ComplexLiterals, SumIsFoldedToOneConstant) {
  const NodePtr folded = simplified("2+3j");
  ASSERT_EQ(folded->kind, Kind::Constant);
  EXPECT_EQ(folded->constant.dtype, DType::Complex128);
  EXPECT_EQ(folded->constant.float_value, 2.0);
  EXPECT_EQ(folded->constant.imag_value, 3.0);
  EXPECT_EQ(ast::to_string(*folded), "Constant (2+3j) : complex128\n");
  const NodePtr negated = simplified("-(1+2j)*1j");
  ASSERT_EQ(negated->kind, Kind::Constant);
  EXPECT_EQ(negated->constant.float_value, 2.0);
  EXPECT_EQ(negated->constant.imag_value, -1.0);
}

TEST(ComplexLiterals, DifferentImaginaryPartsAreNotShared) {
  // CSE must key constants by both parts: 1+2j and 1+3j are different nodes.
  const NodePtr root = simplified("z*(1+2j) + z*(1+3j)");
  ASSERT_EQ(root->kind, Kind::Binary);
  EXPECT_NE(root->binary.lhs.get(), root->binary.rhs.get());
}

TEST(ComplexTypes, Promotion) {
  EXPECT_EQ(result_of("z + y"), DType::Complex128);
  EXPECT_EQ(result_of("y + f"), DType::Complex64);
  EXPECT_EQ(result_of("y + i"), DType::Complex64);
  EXPECT_EQ(result_of("y + d"), DType::Complex128);
  EXPECT_EQ(result_of("y * 2"), DType::Complex64);
  EXPECT_EQ(result_of("y * 2.5"), DType::Complex128);  // float constants are float64
  EXPECT_EQ(result_of("f + 1j"), DType::Complex128);
  EXPECT_EQ(result_of("y / i"), DType::Complex64);
  EXPECT_EQ(result_of("y ** 2"), DType::Complex64);
  EXPECT_EQ(result_of("z == y"), DType::Bool);
  EXPECT_EQ(result_of("y != 1"), DType::Bool);
  EXPECT_EQ(result_of("-y"), DType::Complex64);
  EXPECT_EQ(result_of("where(b, y, f)"), DType::Complex64);
  EXPECT_EQ(result_of("where(b, y, 1.0)"), DType::Complex128);
}

TEST(ComplexTypes, Functions) {
  EXPECT_EQ(result_of("abs(y)"), DType::Float32);
  EXPECT_EQ(result_of("abs(z)"), DType::Float64);
  EXPECT_EQ(result_of("real(y)"), DType::Float32);
  EXPECT_EQ(result_of("imag(z)"), DType::Float64);
  EXPECT_EQ(result_of("real(i)"), DType::Int32);  // NumPy: real(x) is x for real x
  EXPECT_EQ(result_of("imag(f)"), DType::Float32);
  EXPECT_EQ(result_of("conj(y)"), DType::Complex64);
  EXPECT_EQ(result_of("conj(l)"), DType::Int64);
  EXPECT_EQ(result_of("complex(f, f)"), DType::Complex64);
  EXPECT_EQ(result_of("complex(f, i)"), DType::Complex64);
  EXPECT_EQ(result_of("complex(d, f)"), DType::Complex128);
  EXPECT_EQ(result_of("complex(i, l)"), DType::Complex128);
  EXPECT_EQ(result_of("isnan(y)"), DType::Bool);
  EXPECT_EQ(result_of("isfinite(z)"), DType::Bool);
  EXPECT_EQ(result_of("sign(y)"), DType::Complex64);
  EXPECT_EQ(result_of("round(y)"), DType::Complex64);
  EXPECT_EQ(result_of("exp(y)"), DType::Complex64);
  EXPECT_EQ(result_of("arctanh(z)"), DType::Complex128);
  EXPECT_EQ(result_of("complex64(z)"), DType::Complex64);
  EXPECT_EQ(result_of("complex128(f)"), DType::Complex128);
  EXPECT_EQ(result_of("sum(y)"), DType::Complex64);
  EXPECT_EQ(result_of("prod(z, axis=0)"), DType::Complex128);
}

void expect_type_error(std::string_view text, const std::string& fragment) {
  try {
    typed(text);
    ADD_FAILURE() << text << " was accepted";
  } catch (const TypeError& error) {
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << text << ": " << error.what();
  }
}

TEST(ComplexTypes, UndefinedOperationsAreTypeErrors) {
  for (const char* op : {"<", "<=", ">", ">=", "//", "%", "&", "|", "^", "<<", ">>"})
    expect_type_error(std::string("z ") + op + " y", "(column 3)");
  expect_type_error("1 + (y < f)", "(column 8)");
  expect_type_error("~y", "'~'");
  expect_type_error("min(y)", "min() is not defined for complex64");
  expect_type_error("max(z, axis=0)", "max()");
  expect_type_error("float64(z)", "drop the imaginary part");
  expect_type_error("int32(y)", "drop the imaginary part");
  expect_type_error("bool(z)", "drop the imaginary part");
  expect_type_error("arctan2(z, d)", "arctan2() does not take complex arguments");
  expect_type_error("maximum(z, y)", "maximum()");
  expect_type_error("floor(y)", "floor()");
  expect_type_error("complex(z, d)", "complex() does not take complex arguments");
  expect_type_error("where(z, d, d)", "bool condition");
}

}  // namespace
}  // namespace exprjit
