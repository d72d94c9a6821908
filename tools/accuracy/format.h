// The parameters of a binary floating-point format that the sweep needs, as plain numbers, so
// that point generation and reference code can be written once for float32 and float64.
#pragma once

#include <cfloat>
#include <limits>

namespace exprjit::accuracy {

struct Format {
  int precision;         // significand bits, hidden bit included (24, 53)
  int emin;              // exponent of the smallest normal number (-126, -1022)
  int emax;              // exponent of the largest finite number (127, 1023)
  double max;            // largest finite value
  double min_normal;     // smallest positive normal value
  double min_subnormal;  // smallest positive subnormal value
};

template <class T> constexpr Format format_of() {
  using L = std::numeric_limits<T>;
  return {L::digits, L::min_exponent - 1, L::max_exponent - 1, L::max(), L::min(), L::denorm_min()};
}

}  // namespace exprjit::accuracy
