// Type checking (result dtypes, inserted casts, Name/TypeErrors) and simplification
// (constant folding, power strength reduction, common-subexpression sharing).
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/ast.h"
#include "compiler/functions.h"
#include "compiler/parser.h"
#include "compiler/simplify.h"
#include "compiler/typecheck.h"
#include "exprjit/error.h"

namespace exprjit {
namespace {

using ast::Kind;
using ast::NodePtr;

// One variable of each dtype: b bool, i int32, l int64, f float32, d float64; x is float64.
const Signature kAll = {{"b", DType::Bool},    {"i", DType::Int32},   {"l", DType::Int64},
                        {"f", DType::Float32}, {"d", DType::Float64}, {"x", DType::Float64},
                        {"c", DType::Bool},    {"j", DType::Int32}};

NodePtr typed(std::string_view text, const Signature& signature = kAll) {
  return typecheck::typecheck(parser::parse(text), signature);
}
NodePtr simplified(std::string_view text, const Signature& signature = kAll) {
  return simplify::simplify(typed(text, signature));
}
DType result_of(std::string_view text, const Signature& signature = kAll) { return *typed(text, signature)->dtype; }
std::string typed_infix(std::string_view text, const Signature& signature = kAll) {
  return ast::to_infix(*typed(text, signature));
}
std::string simplified_infix(std::string_view text, const Signature& signature = kAll) {
  return ast::to_infix(*simplified(text, signature));
}

void expect_all_typed(const ast::Node& node) {
  EXPECT_TRUE(node.dtype.has_value()) << ast::to_string(node);
  if (node.kind == Kind::Call) EXPECT_GE(node.call.function, 0) << node.call.name;
  for (const ast::Node* child : ast::children(node)) expect_all_typed(*child);
}

// A readable gtest name for a table row: its index and the expression's letters and digits.
template <class Case>
std::string RowName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_";
  for (const char* c = info.param.text; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
  return name;
}

// ---------------------------------------------------------------------------------------------
// Result dtypes

TEST(CommonType, FollowsKindOrder) {
  const DType order[] = {DType::Bool, DType::Int32, DType::Int64, DType::Float32, DType::Float64};
  for (int a = 0; a < 5; ++a)
    for (int b = 0; b < 5; ++b) EXPECT_EQ(common_type(order[a], order[b]), order[std::max(a, b)]);
}

struct DTypeCase {
  const char* text;
  DType result;
};

class ResultDType : public ::testing::TestWithParam<DTypeCase> {};

TEST_P(ResultDType, Matches) {
  const DTypeCase& c = GetParam();
  const NodePtr root = typed(c.text);
  EXPECT_EQ(*root->dtype, c.result) << c.text << "\n" << ast::to_string(*root);
  expect_all_typed(*root);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ResultDType,
    ::testing::Values(
        // Variables and literals keep their own dtype.
        DTypeCase{"b", DType::Bool}, DTypeCase{"i", DType::Int32}, DTypeCase{"l", DType::Int64},
        DTypeCase{"f", DType::Float32}, DTypeCase{"d", DType::Float64}, DTypeCase{"1", DType::Int32},
        DTypeCase{"2147483648", DType::Int64}, DTypeCase{"1.5", DType::Float64}, DTypeCase{"True", DType::Bool},
        // Promotion: bool < int32 < int64 < float32 < float64.
        DTypeCase{"b + i", DType::Int32}, DTypeCase{"i + l", DType::Int64}, DTypeCase{"i * f", DType::Float32},
        DTypeCase{"l - f", DType::Float32}, DTypeCase{"f + d", DType::Float64}, DTypeCase{"i + d", DType::Float64},
        DTypeCase{"b * d", DType::Float64}, DTypeCase{"i + 1", DType::Int32}, DTypeCase{"i + 2147483648", DType::Int64},
        DTypeCase{"i + 1.5", DType::Float64}, DTypeCase{"l // i", DType::Int64}, DTypeCase{"i % j", DType::Int32},
        DTypeCase{"i ** 2", DType::Int32}, DTypeCase{"f ** 2", DType::Float32}, DTypeCase{"-i", DType::Int32},
        DTypeCase{"-f", DType::Float32},
        // True division: integers and bools divide in float64, floats keep their width.
        DTypeCase{"i / j", DType::Float64}, DTypeCase{"l / 2", DType::Float64}, DTypeCase{"b / i", DType::Float64},
        DTypeCase{"f / f", DType::Float32}, DTypeCase{"f / i", DType::Float32}, DTypeCase{"d / i", DType::Float64},
        // Comparisons give bool.
        DTypeCase{"i < d", DType::Bool}, DTypeCase{"i == l", DType::Bool}, DTypeCase{"f != 1", DType::Bool},
        DTypeCase{"b == c", DType::Bool}, DTypeCase{"d >= x", DType::Bool},
        // Bitwise and shifts.
        DTypeCase{"b & c", DType::Bool}, DTypeCase{"b | c", DType::Bool}, DTypeCase{"b ^ c", DType::Bool},
        DTypeCase{"~b", DType::Bool}, DTypeCase{"~i", DType::Int32}, DTypeCase{"i & l", DType::Int64},
        DTypeCase{"(i < 1) & (d > 2)", DType::Bool}, DTypeCase{"i << l", DType::Int64},
        DTypeCase{"i >> 1", DType::Int32}, DTypeCase{"b << c", DType::Int32},
        // Float functions of integers and bools compute in float64.
        DTypeCase{"sin(i)", DType::Float64}, DTypeCase{"exp(l)", DType::Float64}, DTypeCase{"sqrt(b)", DType::Float64},
        DTypeCase{"sin(f)", DType::Float32}, DTypeCase{"log(d)", DType::Float64},
        DTypeCase{"arctan2(f, i)", DType::Float32}, DTypeCase{"arctan2(i, j)", DType::Float64},
        DTypeCase{"floor(i)", DType::Float64}, DTypeCase{"isnan(i)", DType::Bool}, DTypeCase{"isinf(f)", DType::Bool},
        // abs/sign/maximum keep integers (bool becomes int32).
        DTypeCase{"abs(i)", DType::Int32}, DTypeCase{"abs(l)", DType::Int64}, DTypeCase{"abs(f)", DType::Float32},
        DTypeCase{"sign(i)", DType::Int32}, DTypeCase{"sign(l)", DType::Int64}, DTypeCase{"abs(b)", DType::Int32},
        DTypeCase{"maximum(i, l)", DType::Int64}, DTypeCase{"minimum(i, f)", DType::Float32},
        // where: the two branches promoted together.
        DTypeCase{"where(b, i, l)", DType::Int64}, DTypeCase{"where(i > 0, f, 1)", DType::Float32},
        DTypeCase{"where(b, c, True)", DType::Bool},
        // Reductions: sum/prod of ints and bools accumulate in int64; min/max keep the dtype.
        DTypeCase{"sum(i)", DType::Int64}, DTypeCase{"sum(b)", DType::Int64}, DTypeCase{"prod(i)", DType::Int64},
        DTypeCase{"sum(f)", DType::Float32}, DTypeCase{"sum(d, axis=0)", DType::Float64},
        DTypeCase{"min(i)", DType::Int32}, DTypeCase{"max(i, 1)", DType::Int32}, DTypeCase{"min(f)", DType::Float32},
        DTypeCase{"max(b)", DType::Bool}, DTypeCase{"sum(i < d)", DType::Int64}),
    RowName<DTypeCase>);

TEST(Typecheck, ResolvesFunctions) {
  const NodePtr root = typed("arctan2(f, d)");
  ASSERT_EQ(root->kind, Kind::Call);
  ASSERT_TRUE(functions::find("arctan2").has_value());
  EXPECT_EQ(root->call.function, *functions::find("arctan2"));
  EXPECT_EQ(functions::get(root->call.function).name, "arctan2");
}

TEST(Typecheck, DoesNotModifyTheParsedTree) {
  const NodePtr parsed = parser::parse("i + d");
  const std::string before = ast::to_string(*parsed);
  typecheck::typecheck(parsed, kAll);
  EXPECT_EQ(ast::to_string(*parsed), before);
  EXPECT_FALSE(parsed->dtype.has_value());
}

// ---------------------------------------------------------------------------------------------
// Casts

struct CastCase {
  const char* text;
  const char* infix;
};

class InsertedCasts : public ::testing::TestWithParam<CastCase> {};

TEST_P(InsertedCasts, ShowInInfix) { EXPECT_EQ(typed_infix(GetParam().text), GetParam().infix) << GetParam().text; }

INSTANTIATE_TEST_SUITE_P(
    Table, InsertedCasts,
    ::testing::Values(CastCase{"d + x", "(d + x)"},  // same type: no cast
                      CastCase{"i + d", "(float64(i) + d)"}, CastCase{"d * i", "(d * float64(i))"},
                      CastCase{"i + l", "(int64(i) + l)"}, CastCase{"f + d", "(float64(f) + d)"},
                      CastCase{"l + f", "(float32(l) + f)"}, CastCase{"b + i", "(int32(b) + i)"},
                      CastCase{"l + 1", "(l + int64(1))"}, CastCase{"i + 1.5", "(float64(i) + 1.5)"},
                      CastCase{"i / j", "(float64(i) / float64(j))"}, CastCase{"f / f", "(f / f)"},
                      CastCase{"i < d", "(float64(i) < d)"}, CastCase{"sin(i)", "sin(float64(i))"},
                      CastCase{"sin(f)", "sin(f)"}, CastCase{"arctan2(f, d)", "arctan2(float64(f), d)"},
                      CastCase{"abs(b)", "abs(int32(b))"}, CastCase{"isnan(i)", "isnan(float64(i))"},
                      CastCase{"b << c", "(int32(b) << int32(c))"},
                      CastCase{"where(b, i, d)", "where(b, float64(i), d)"},
                      CastCase{"sum(i)", "sum(int64(i))"}, CastCase{"sum(l, axis=1)", "sum(l, axis=1)"},
                      CastCase{"min(i)", "min(i)"}, CastCase{"sin(i) + f", "(sin(float64(i)) + float64(f))"}),
    RowName<CastCase>);

TEST(Typecheck, CastNodesCarryTheTargetDType) {
  const NodePtr root = typed("i + d");
  const ast::Node& cast = *root->binary.lhs;
  ASSERT_EQ(cast.kind, Kind::Cast);
  EXPECT_EQ(cast.dtype, DType::Float64);
  EXPECT_EQ(cast.cast.operand->dtype, DType::Int32);
  EXPECT_EQ(cast.column, 1u);
}

// ---------------------------------------------------------------------------------------------
// Errors

template <class E>
::testing::AssertionResult Throws(std::string_view text, const std::string& message_part,
                                  const Signature& signature = kAll) {
  try {
    typed(text, signature);
  } catch (const E& error) {
    if (std::string(error.what()).find(message_part) == std::string::npos)
      return ::testing::AssertionFailure() << "'" << text << "': message \"" << error.what() << "\" lacks \""
                                           << message_part << "\"";
    if (dynamic_cast<const Error*>(&error) == nullptr)
      return ::testing::AssertionFailure() << "not an exprjit::Error";
    return ::testing::AssertionSuccess();
  } catch (const std::exception& other) {
    return ::testing::AssertionFailure() << "'" << text << "' threw the wrong error: " << other.what();
  }
  return ::testing::AssertionFailure() << "'" << text << "' type-checked without error";
}

TEST(TypecheckErrors, UnknownVariableIsNameError) {
  EXPECT_TRUE(Throws<NameError>("y", "'y'"));
  EXPECT_TRUE(Throws<NameError>("d + zz * 2", "'zz'"));
  EXPECT_TRUE(Throws<NameError>("d + zz * 2", "column 5"));
  EXPECT_TRUE(Throws<NameError>("x", "'x'", Signature{}));
  EXPECT_TRUE(Throws<NameError>("X", "'X'"));  // names are case-sensitive
}

TEST(TypecheckErrors, UnknownFunctionIsNameError) {
  EXPECT_TRUE(Throws<NameError>("foo(d)", "'foo'"));
  EXPECT_TRUE(Throws<NameError>("d + cube(d)", "column 5"));
  EXPECT_TRUE(Throws<NameError>("f()", "'f'"));
  EXPECT_TRUE(Throws<NameError>("Sin(d)", "'Sin'"));
}

TEST(TypecheckErrors, WrongArityIsTypeError) {
  EXPECT_TRUE(Throws<TypeError>("sin(d, d)", "sin() takes 1 argument, got 2"));
  EXPECT_TRUE(Throws<TypeError>("sin()", "sin() takes 1 argument, got 0"));
  EXPECT_TRUE(Throws<TypeError>("arctan2(d)", "arctan2() takes 2 arguments, got 1"));
  EXPECT_TRUE(Throws<TypeError>("where(b, d)", "where() takes 3 arguments, got 2"));
  EXPECT_TRUE(Throws<TypeError>("where(b, d, d, d)", "got 4"));
}

TEST(TypecheckErrors, WhereNeedsBoolCondition) {
  EXPECT_TRUE(Throws<TypeError>("where(d, d, x)", "bool condition"));
  EXPECT_TRUE(Throws<TypeError>("where(i, d, x)", "got int32"));
  EXPECT_TRUE(Throws<TypeError>("where(1, d, x)", "where("));
  EXPECT_NO_THROW(typed("where(d > 0, d, x)"));
}

TEST(TypecheckErrors, BitwiseOnFloatIsTypeError) {
  EXPECT_TRUE(Throws<TypeError>("d & i", "'&'"));
  EXPECT_TRUE(Throws<TypeError>("f | f", "'|'"));
  EXPECT_TRUE(Throws<TypeError>("b ^ d", "'^'"));
  EXPECT_TRUE(Throws<TypeError>("~d", "'~'"));
  EXPECT_TRUE(Throws<TypeError>("~f", "'~'"));
  EXPECT_TRUE(Throws<TypeError>("d << i", "'<<'"));
  EXPECT_TRUE(Throws<TypeError>("i >> f", "'>>'"));
  EXPECT_TRUE(Throws<TypeError>("i & 1.0", "float64"));
}

TEST(TypecheckErrors, ArithmeticOnTwoBoolsIsTypeError) {
  for (const char* text : {"b - c", "b / c", "b // c", "b % c", "b ** c", "True - False", "(d < x) - b"})
    EXPECT_TRUE(Throws<TypeError>(text, "bool")) << text;
  // numexpr 2.13+ and NumPy: '+' and '*' of two bools are logical or / and.
  EXPECT_EQ(ast::to_infix(*typed("b + c")), "(b | c)");
  EXPECT_EQ(ast::to_infix(*typed("(d < x) * b")), "((d < x) & b)");
  EXPECT_EQ(*typed("True + False")->dtype, DType::Bool);
  // With one numeric operand the bool is promoted.
  EXPECT_NO_THROW(typed("b + 1"));
}

TEST(TypecheckErrors, NegatingBoolIsTypeError) {
  EXPECT_TRUE(Throws<TypeError>("-b", "'-'"));
  EXPECT_TRUE(Throws<TypeError>("-(d < x)", "'~'"));
  EXPECT_TRUE(Throws<TypeError>("-True", "bool"));
}

TEST(TypecheckErrors, ReductionNotOutermostIsTypeError) {
  EXPECT_TRUE(Throws<TypeError>("1 + sum(d)", "sum() must be the outermost"));
  EXPECT_TRUE(Throws<TypeError>("sum(sum(d))", "outermost"));
  EXPECT_TRUE(Throws<TypeError>("-max(d)", "max()"));
  EXPECT_TRUE(Throws<TypeError>("sin(prod(d, axis=0))", "prod()"));
  EXPECT_TRUE(Throws<TypeError>("where(b, min(d), x)", "min()"));
  EXPECT_NO_THROW(typed("sum(d * x + 1)"));
}

TEST(Typecheck, VariableNames) {
  EXPECT_EQ(typecheck::variable_names(*parser::parse("b + a*a + sin(c) - 1")),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(typecheck::variable_names(*typed("i + d")), (std::vector<std::string>{"d", "i"}));
  EXPECT_TRUE(typecheck::variable_names(*parser::parse("1 + 2")).empty());
}

// ---------------------------------------------------------------------------------------------
// Simplification

TEST(Simplify, FoldsIntegerConstants) {
  const NodePtr root = simplified("1+2*3");
  ASSERT_EQ(root->kind, Kind::Constant) << ast::to_string(*root);
  EXPECT_EQ(root->dtype, DType::Int32);
  EXPECT_EQ(root->constant.dtype, DType::Int32);
  EXPECT_EQ(root->constant.int_value, 7);
}

TEST(Simplify, FoldsFloatConstants) {
  const NodePtr root = simplified("2.0*3");
  ASSERT_EQ(root->kind, Kind::Constant) << ast::to_string(*root);
  EXPECT_EQ(root->dtype, DType::Float64);
  EXPECT_EQ(root->constant.float_value, 6.0);

  const NodePtr quotient = simplified("1/4");  // true division of ints folds in float64
  ASSERT_EQ(quotient->kind, Kind::Constant);
  EXPECT_EQ(quotient->dtype, DType::Float64);
  EXPECT_EQ(quotient->constant.float_value, 0.25);

  const NodePtr inf = simplified("1.0/0");
  ASSERT_EQ(inf->kind, Kind::Constant);
  EXPECT_EQ(inf->constant.float_value, HUGE_VAL);
}

TEST(Simplify, FoldsNegationAndCasts) {
  const NodePtr negative = simplified("-(2+3)");
  ASSERT_EQ(negative->kind, Kind::Constant);
  EXPECT_EQ(negative->constant.int_value, -5);
  EXPECT_EQ(negative->dtype, DType::Int32);
  const NodePtr widened = simplified("l + 1");  // int64(1) becomes an int64 constant
  EXPECT_EQ(ast::to_infix(*widened), "(l + 1)");
  ASSERT_EQ(widened->binary.rhs->kind, Kind::Constant);
  EXPECT_EQ(widened->binary.rhs->dtype, DType::Int64);
  EXPECT_EQ(simplified_infix("x + 1*2"), "(x + 2)");
  EXPECT_EQ(simplified("x + 1*2")->binary.rhs->dtype, DType::Float64);
}

TEST(Simplify, IntegerFoldingWrapsLikeTheGeneratedCode) {
  const NodePtr root = simplified("2147483647 + 1");
  ASSERT_EQ(root->kind, Kind::Constant);
  EXPECT_EQ(root->dtype, DType::Int32);
  EXPECT_EQ(root->constant.int_value, INT32_MIN);
  const NodePtr product = simplified("9223372036854775807 * 2");
  ASSERT_EQ(product->kind, Kind::Constant);
  EXPECT_EQ(product->dtype, DType::Int64);
  EXPECT_EQ(product->constant.int_value, -2);
}

TEST(Simplify, LeavesVariablesAlone) {
  EXPECT_EQ(simplified_infix("x + d"), "(x + d)");
  EXPECT_EQ(simplified_infix("x * 1"), "(x * 1)");  // not an identity rewrite: -0.0 and NaN must be kept
}

TEST(Simplify, SquareBecomesMultiplyOfOneSharedNode) {
  for (const char* text : {"x**2", "x**2.0", "i**2"}) {
    const NodePtr root = simplified(text);
    ASSERT_EQ(root->kind, Kind::Binary) << text;
    EXPECT_EQ(root->binary.op, ast::BinaryOp::Mul) << text;
    EXPECT_EQ(root->binary.lhs.get(), root->binary.rhs.get()) << text << ": operands are not one node";
    EXPECT_EQ(root->binary.lhs->kind, Kind::Variable) << text;
    EXPECT_EQ(root->dtype, typed(text)->dtype) << text;
  }
  EXPECT_EQ(simplified_infix("x**2"), "(x * x)");
  // A compound base is shared too, so codegen computes it once.
  const NodePtr root = simplified("sin(x)**2");
  ASSERT_EQ(root->kind, Kind::Binary);
  EXPECT_EQ(root->binary.lhs->kind, Kind::Call);
  EXPECT_EQ(root->binary.lhs.get(), root->binary.rhs.get());
}

TEST(Simplify, PowerOfOneIsTheBase) {
  const NodePtr root = simplified("x**1");
  ASSERT_EQ(root->kind, Kind::Variable);
  EXPECT_EQ(root->variable.name, "x");
  EXPECT_EQ(root->dtype, DType::Float64);
  EXPECT_EQ(simplified_infix("i**1"), "i");
  EXPECT_EQ(simplified("i**1")->dtype, DType::Int32);
}

TEST(Simplify, PowerOfZeroIsOne) {
  const NodePtr root = simplified("x**0");
  ASSERT_EQ(root->kind, Kind::Constant);
  EXPECT_EQ(root->dtype, DType::Float64);
  EXPECT_EQ(root->constant.float_value, 1.0);
  const NodePtr integer = simplified("i**0");
  ASSERT_EQ(integer->kind, Kind::Constant);
  EXPECT_EQ(integer->dtype, DType::Int32);
  EXPECT_EQ(integer->constant.int_value, 1);
  const NodePtr narrow = simplified("f**0");
  ASSERT_EQ(narrow->kind, Kind::Constant);
  EXPECT_EQ(narrow->dtype, DType::Float32);
  EXPECT_EQ(narrow->constant.float_value, 1.0);
}

TEST(Simplify, PowerOfMinusOneIsReciprocalForFloats) {
  for (const char* text : {"x**-1.0", "x**-1", "x**(-1)"}) {
    const NodePtr root = simplified(text);
    ASSERT_EQ(root->kind, Kind::Binary) << text << "\n" << ast::to_string(*root);
    EXPECT_EQ(root->binary.op, ast::BinaryOp::Div) << text;
    ASSERT_EQ(root->binary.lhs->kind, Kind::Constant) << text;
    EXPECT_EQ(root->binary.lhs->constant.float_value, 1.0) << text;
    EXPECT_EQ(root->binary.lhs->dtype, DType::Float64) << text;
    EXPECT_EQ(root->binary.rhs->kind, Kind::Variable) << text;
    EXPECT_EQ(root->dtype, DType::Float64) << text;
  }
  EXPECT_EQ(simplified_infix("x**-1.0"), "(1 / x)");
  // Integers keep the power (x**-1 is 0 for most integers, not a float).
  const NodePtr integer = simplified("i**-1");
  ASSERT_EQ(integer->kind, Kind::Binary);
  EXPECT_EQ(integer->binary.op, ast::BinaryOp::Pow);
  // Other exponents stay powers.
  EXPECT_EQ(simplified("x**3")->binary.op, ast::BinaryOp::Pow);
  EXPECT_EQ(simplified("x**0.5")->binary.op, ast::BinaryOp::Pow);
  EXPECT_EQ(simplified("x**d")->binary.op, ast::BinaryOp::Pow);
}

TEST(Simplify, RepeatedSubexpressionsShareOneNode) {
  const NodePtr root = simplified("sin(d)+sin(d)");
  ASSERT_EQ(root->kind, Kind::Binary);
  EXPECT_EQ(root->binary.lhs->kind, Kind::Call);
  EXPECT_EQ(root->binary.lhs.get(), root->binary.rhs.get());

  const NodePtr nested = simplified("(d*x + 1) * (d*x + 1) - d*x");
  ASSERT_EQ(nested->kind, Kind::Binary);
  const ast::Node& product = *nested->binary.lhs;
  ASSERT_EQ(product.kind, Kind::Binary);
  EXPECT_EQ(product.binary.lhs.get(), product.binary.rhs.get());
  EXPECT_EQ(product.binary.lhs->binary.lhs.get(), nested->binary.rhs.get());  // d*x in both places

  // Casts of the same variable are shared too.
  const NodePtr casts = simplified("i + d + i * x");
  std::set<const ast::Node*> cast_nodes;
  std::function<void(const ast::Node&)> collect = [&](const ast::Node& node) {
    if (node.kind == Kind::Cast) cast_nodes.insert(&node);
    for (const ast::Node* child : ast::children(node)) collect(*child);
  };
  collect(*casts);
  EXPECT_EQ(cast_nodes.size(), 1u) << ast::to_string(*casts);
}

TEST(Simplify, DifferentSubexpressionsStayApart) {
  const NodePtr root = simplified("sin(d) + sin(x)");
  EXPECT_NE(root->binary.lhs.get(), root->binary.rhs.get());
  // Equal values of different dtypes are different constants.
  const NodePtr types = simplified("(i + 1) * (x + 1)");
  ASSERT_EQ(types->binary.lhs->kind, Kind::Cast);
  const ast::Node& int_one = *types->binary.lhs->cast.operand->binary.rhs;
  const ast::Node& float_one = *types->binary.rhs->binary.rhs;
  EXPECT_EQ(int_one.dtype, DType::Int32);
  EXPECT_EQ(float_one.dtype, DType::Float64);
  EXPECT_NE(&int_one, &float_one);
  const NodePtr ops = simplified("(d + x) * (d - x)");
  EXPECT_NE(ops->binary.lhs.get(), ops->binary.rhs.get());
}

TEST(Simplify, KeepsResultDType) {
  for (const char* text : {"i + d", "sum(i)", "f**2", "where(b, i, l)", "i / j", "abs(b)", "1+2"})
    EXPECT_EQ(simplified(text)->dtype, typed(text)->dtype) << text;
}

}  // namespace
}  // namespace exprjit
