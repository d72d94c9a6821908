// The complex functions kernels call on one SIMD step at a time: C functions that apply
// glibc's c* functions (or NumPy's own formulas where NumPy has them) lane by lane, so the
// results are NumPy's. No LLVM here; jit.cpp defines these symbols in the JIT.
//
// Unary helpers take the parts of n lanes and overwrite them with the result's parts:
//   void exprjit_complex128_exp(double* re, double* im, int64_t n);
// abs leaves the modulus in re. The power helper takes the exponent's parts as well:
//   void exprjit_complex128_power(double* re, double* im, const double* exp_re, const double* exp_im, int64_t n);
#pragma once

#include <span>
#include <string>

namespace exprjit::complex_math {

struct Helper {
  std::string symbol;  // complex_functions::helper_symbol(base, dtype)
  void* address;
};

// Every helper, for both complex dtypes.
std::span<const Helper> helpers();

}  // namespace exprjit::complex_math
