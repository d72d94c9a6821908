// Which builtin functions take complex arguments, what they return, and how they are lowered:
// the complex counterpart of the function table (compiler/functions.h). No LLVM here, so the
// type checker can use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "exprjit/dtype.h"

namespace exprjit::complex_functions {

enum class Kind {
  Helper,  // a runtime helper (compiler/complex_math.h) on one SIMD step's lanes
  Abs,     // the modulus: the real hypot() of the parts, a real result as NumPy's
  Real, Imag, Conj, Sign, Round, Where, Copy, OnesLike,  // emitted inline on the parts
  IsNan, IsInf, IsFinite,                 // bool result
};

struct ComplexFunction {
  std::string_view name;
  Kind kind;
  std::string_view helper = {};  // for Helper: the base name, e.g. "exp"
};

// The function's complex lowering, or nullopt when it does not take complex arguments.
std::optional<ComplexFunction> find(std::string_view name);

// The result dtype of a function applied to arguments of complex dtype `type`.
DType result_type(const ComplexFunction& function, DType type);

// The helper's C symbol: "exprjit_complex128_exp".
std::string helper_symbol(std::string_view helper, DType type);

}  // namespace exprjit::complex_functions
