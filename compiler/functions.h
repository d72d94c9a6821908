// The table of builtin functions: one row per function with its arity, its typing rule and
// how code generation lowers it. Adding a function means adding a row (and, for a new
// lowering, a case in codegen).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "exprjit/dtype.h"

namespace exprjit::functions {

// How argument dtypes map to the result dtype.
enum class TypeRule {
  FloatMath,   // numeric args promoted together; integers and bool become float64
  Predicate,   // like FloatMath for the argument, result bool (isnan, isinf, ...)
  SameNumeric, // numeric args promoted together; result has that type (abs, sign, maximum)
  Conditional, // where(bool, a, b): a and b promoted together
  KeepsIntegers, // floats as FloatMath; integers keep their type (round: numexpr 2.13+, NumPy)
  SameType,    // any argument, result of its type (copy, ones_like, conj)
  ComplexPart, // real, imag: the part's real dtype for complex args, the arg's own dtype otherwise
  ComplexFromParts, // complex(a, b): float32 args give complex64, other real args complex128
};

// How codegen emits the function.
enum class Lowering {
  Sleef,      // a SLEEF vector function (see sleef_name/precise/fast)
  Sqrt, Abs, Sign, Trunc, Round, Ceil, Floor, CopySign, Maximum, Minimum,
  IsNan, IsInf, IsFinite, SignBit, Where, Copy, OnesLike,
  Real, Imag, Conj, MakeComplex,  // complex parts (compiler/complex_ops.h)
};

struct Function {
  std::string_view name;
  int arity;
  TypeRule rule;
  Lowering lowering;
  std::string_view sleef_name = {};     // SLEEF base name, e.g. "exp"
  std::string_view precise_suffix = {};  // accuracy tag of the precise variant, e.g. "u10"
  std::string_view fast_suffix = {};     // accuracy tag of the fast variant
  // Whether lanes where SLEEF 3.5.1 gives a non-finite result for finite arguments (near
  // overflow, huge arguments, fmod with a huge quotient) are recomputed with the glibc function
  // of the same name as sleef_name.
  bool libm_fallback = false;
  // Whether the result is x itself for |x| < 2^-13 (float32) / 2^-27 (float64), where x is the
  // correctly rounded result (tanh, arcsinh, arctanh): SLEEF 3.5.1's float32 variants are
  // slightly over 1 ULP off there.
  bool tiny_identity = false;
};

std::span<const Function> all();
// Index into all(), or nullopt when no function has that name.
std::optional<int> find(std::string_view name);
const Function& get(int index);

}  // namespace exprjit::functions
