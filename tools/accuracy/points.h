// The inputs of the sweep: special values, uniform-in-bits samples over each function's domain
// and over all finite values, dense samples around hard points (overflow and underflow
// thresholds, 0, +-1, multiples of pi/2 for trig), subnormal inputs, and for two-argument cases
// the special-value grid and pairs aimed at the operation's hard region.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "tools/accuracy/catalogue.h"

namespace exprjit::accuracy {

template <class T> struct Points {
  std::vector<T> x, y;  // y is empty for one-argument cases
  std::size_t size() const { return x.size(); }
};

// About n points (never fewer; the special values and the special-value grid come first).
// The same case, dtype, n and seed always give the same points.
template <class T> Points<T> sweep_points(const Case& c, std::size_t n, std::uint64_t seed);

// n value-uniform points in the case's typical range, for timing.
template <class T> Points<T> typical_points(const Case& c, std::size_t n, std::uint64_t seed);

// Special values of the format: signed zeros, infinities, NaN, the smallest and largest
// subnormal and normal numbers, +-1 and their neighbours.
template <class T> std::vector<T> special_values();

}  // namespace exprjit::accuracy
