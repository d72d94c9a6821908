#include "compiler/functions.h"

namespace exprjit::functions {
namespace {

using enum TypeRule;
using enum Lowering;

// SLEEF 3.5 provides u35 ("fast") variants only for some functions; the others use u10 in
// both modes. fmod, nextafter and copysign are exact and carry no accuracy tag.
constexpr Function kFunctions[] = {
    {"where", 3, Conditional, Lowering::Where},
    {"isinf", 1, Predicate, IsInf},
    {"isnan", 1, Predicate, IsNan},
    {"isfinite", 1, Predicate, IsFinite},
    {"signbit", 1, Predicate, SignBit},
    {"sin", 1, FloatMath, Sleef, "sin", "u10", "u35"},
    {"cos", 1, FloatMath, Sleef, "cos", "u10", "u35"},
    {"tan", 1, FloatMath, Sleef, "tan", "u10", "u35"},
    {"arcsin", 1, FloatMath, Sleef, "asin", "u10", "u35"},
    {"arccos", 1, FloatMath, Sleef, "acos", "u10", "u35"},
    {"arctan", 1, FloatMath, Sleef, "atan", "u10", "u35"},
    {"arctan2", 2, FloatMath, Sleef, "atan2", "u10", "u35"},
    {"hypot", 2, FloatMath, Sleef, "hypot", "u05", "u35"},
    {"nextafter", 2, FloatMath, Sleef, "nextafter", "", ""},
    {"copysign", 2, FloatMath, CopySign},
    {"maximum", 2, SameNumeric, Maximum},
    {"minimum", 2, SameNumeric, Minimum},
    {"sinh", 1, FloatMath, Sleef, "sinh", "u10", "u35", true},
    {"cosh", 1, FloatMath, Sleef, "cosh", "u10", "u35", true},
    {"tanh", 1, FloatMath, Sleef, "tanh", "u10", "u35", false, true},
    {"arcsinh", 1, FloatMath, Sleef, "asinh", "u10", "u10", true, true},
    {"arccosh", 1, FloatMath, Sleef, "acosh", "u10", "u10", true},
    {"arctanh", 1, FloatMath, Sleef, "atanh", "u10", "u10", false, true},
    {"log", 1, FloatMath, Sleef, "log", "u10", "u35"},
    {"log10", 1, FloatMath, Sleef, "log10", "u10", "u10"},
    {"log1p", 1, FloatMath, Sleef, "log1p", "u10", "u10", true},
    {"log2", 1, FloatMath, Sleef, "log2", "u10", "u35"},
    {"exp", 1, FloatMath, Sleef, "exp", "u10", "u10", true},
    {"expm1", 1, FloatMath, Sleef, "expm1", "u10", "u10"},
    {"sqrt", 1, FloatMath, Sqrt},
    {"trunc", 1, FloatMath, Trunc},
    {"round", 1, KeepsIntegers, Round},
    {"sign", 1, SameNumeric, Sign},
    {"abs", 1, SameNumeric, Abs},
    {"ceil", 1, FloatMath, Ceil},
    {"floor", 1, FloatMath, Floor},
    {"fmod", 2, FloatMath, Sleef, "fmod", "", "", true},
    {"real", 1, ComplexPart, Real},
    {"imag", 1, ComplexPart, Imag},
    {"conj", 1, SameType, Conj},
    {"complex", 2, ComplexFromParts, Lowering::MakeComplex},
    {"copy", 1, SameType, Copy},
    {"ones_like", 1, SameType, OnesLike},
};

}  // namespace

std::span<const Function> all() { return kFunctions; }

std::optional<int> find(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kFunctions)); ++i)
    if (kFunctions[i].name == name) return i;
  return std::nullopt;
}

const Function& get(int index) { return kFunctions[index]; }

}  // namespace exprjit::functions
