#include "compiler/complex_functions.h"

namespace exprjit::complex_functions {
namespace {

using enum Kind;

constexpr ComplexFunction kComplexFunctions[] = {
    {"real", Real},         {"imag", Imag},         {"conj", Conj},
    {"sign", Sign},         {"round", Round},       {"where", Where},
    {"copy", Copy},         {"ones_like", OnesLike},
    {"isnan", IsNan},       {"isinf", IsInf},       {"isfinite", IsFinite},
    {"abs", Abs},    {"sqrt", Helper, "sqrt"},
    {"exp", Helper, "exp"}, {"expm1", Helper, "expm1"},
    {"log", Helper, "log"}, {"log1p", Helper, "log1p"}, {"log10", Helper, "log10"}, {"log2", Helper, "log2"},
    {"sin", Helper, "sin"}, {"cos", Helper, "cos"}, {"tan", Helper, "tan"},
    {"arcsin", Helper, "arcsin"}, {"arccos", Helper, "arccos"}, {"arctan", Helper, "arctan"},
    {"sinh", Helper, "sinh"}, {"cosh", Helper, "cosh"}, {"tanh", Helper, "tanh"},
    {"arcsinh", Helper, "arcsinh"}, {"arccosh", Helper, "arccosh"}, {"arctanh", Helper, "arctanh"},
};

}  // namespace

std::optional<ComplexFunction> find(std::string_view name) {
  for (const ComplexFunction& function : kComplexFunctions)
    if (function.name == name) return function;
  return std::nullopt;
}

DType result_type(const ComplexFunction& function, DType type) {
  switch (function.kind) {
    case Abs: case Real: case Imag: return real_part_type(type);
    case IsNan: case IsInf: case IsFinite: return DType::Bool;
    default: return type;
  }
}

std::string helper_symbol(std::string_view helper, DType type) {
  return "exprjit_" + std::string(dtype_name(type)) + "_" + std::string(helper);
}

}  // namespace exprjit::complex_functions
