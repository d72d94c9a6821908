// The functions and operators the accuracy sweep measures: for each, the exprjit expression, the
// MPFR function that gives the exact result, the glibc function compared with, the bound that
// applies, and where its inputs are drawn from (see points.cpp).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <mpfr.h>

#include "tools/accuracy/format.h"

namespace exprjit::accuracy {

// Which error bound applies: transcendental functions may be off by up to 1 ULP (precise) or
// 4 ULP (fast); sqrt and + - * / must be correctly rounded in both modes.
enum class Bound { Transcendental, CorrectlyRounded };

// Extra input pairs of two-argument cases, aimed at that operation's hard region.
enum class Pairs {
  Angles,     // arctan2: ratios near 0, +-1 and huge, signs in all quadrants
  Magnitudes, // hypot: very different sizes, near overflow, subnormals
  Powers,     // pow: results spread over the whole exponent range, integer exponents
  Sums,       // + -: cancellation (y close to -x or x), very different exponents
  Products,   // *: products near overflow, underflow and in the subnormal range
  Quotients,  // /: quotients near overflow, underflow and in the subnormal range
};

struct Range {
  double lo, hi;  // closed; sampled uniformly in the bit pattern
};

using Mpfr1 = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
using Mpfr2 = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_srcptr, mpfr_rnd_t);

struct Case {
  std::string_view name;        // as given to --functions: exp, arctan2, pow, add, ...
  std::string_view expression;  // compiled with the signature (x[, y]), e.g. "arctan2(y, x)"
  int arity;
  Bound bound;
  // Exact function of (x[, y]); arguments already in the expression's order.
  Mpfr1 mpfr1 = nullptr;
  Mpfr2 mpfr2 = nullptr;
  double (*libm1)(double) = nullptr;
  float (*libm1f)(float) = nullptr;
  double (*libm2)(double, double) = nullptr;
  float (*libm2f)(float, float) = nullptr;
  // Where uniform-in-bits inputs are drawn (x; y for two-argument cases).
  std::vector<Range> (*domain)(const Format&) = nullptr;
  // Inputs near which dense samples are taken (thresholds of overflow, underflow, poles, ...).
  std::vector<double> (*hard)(const Format&) = nullptr;
  bool trig = false;   // also sample near multiples of pi/2
  Pairs pairs = Pairs::Sums;
  Range typical;       // value-uniform inputs of the speed measurement
};

std::span<const Case> all_cases();
const Case* find_case(std::string_view name);

}  // namespace exprjit::accuracy
