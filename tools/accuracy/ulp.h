// Error of computed results in ULP: |computed - exact| / ulp(exact) as a real number, where
// ulp(x) = 2^(max(floor(log2|x|), emin) - precision + 1) is the spacing of the format at the
// exact value (the smallest subnormal below the normal range). A correctly rounded result has
// error <= 0.5. Values whose class is wrong are counted apart, not given an error:
// NaN where the exact result is not NaN or the reverse, an infinity where the correctly rounded
// result is finite or the reverse (or of the wrong sign), a zero of the wrong sign.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "tools/accuracy/reference.h"

namespace exprjit::accuracy {

struct ErrorStats {
  std::size_t points = 0;
  double max = 0;           // largest error over the points of the right class
  double sum = 0;           // of those errors, for the mean
  std::size_t measured = 0; // points of the right class
  std::size_t mismatches = 0;
  std::size_t worst = 0;         // index of the largest error
  std::size_t first_mismatch = 0;

  double mean() const { return measured ? sum / static_cast<double>(measured) : 0.0; }
  bool within(double bound) const { return mismatches == 0 && max <= bound; }
};

// nullopt when the class of `computed` is wrong (see above).
template <class T> std::optional<double> ulp_error(T computed, const Exact<T>& exact);

template <class T> ErrorStats measure(std::span<const T> computed, std::span<const Exact<T>> exact);

}  // namespace exprjit::accuracy
