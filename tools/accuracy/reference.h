// Exact results from MPFR. Each result is kept as the correctly rounded value in the format
// plus where the exact value lies relative to it, in units of the exact value's ULP, so that the
// error of any computed value can be measured without MPFR afterwards.
#pragma once

#include <cstdint>
#include <vector>

#include "tools/accuracy/catalogue.h"
#include "tools/accuracy/points.h"

namespace exprjit::accuracy {

template <class T> struct Exact {
  T rounded;          // correctly rounded (to nearest even) result: NaN, +-inf on overflow, subnormals, signed zeros
  int ulp_exponent;   // ulp(exact) = 2^ulp_exponent, with the subnormal spacing below the normal range
  double offset;      // (exact - rounded) / ulp(exact), in [-0.5, 0.5]; 0 when rounded is not finite
};

// Computed in parallel (oneTBB) with 128-bit MPFR numbers.
template <class T> std::vector<Exact<T>> exact_results(const Case& c, const Points<T>& points);

}  // namespace exprjit::accuracy
