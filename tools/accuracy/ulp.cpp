#include "tools/accuracy/ulp.h"

#include <cmath>

namespace exprjit::accuracy {

template <class T> std::optional<double> ulp_error(T computed, const Exact<T>& exact) {
  const T r = exact.rounded;
  if (std::isnan(r) || std::isnan(computed)) {
    if (std::isnan(r) && std::isnan(computed)) return 0.0;
    return std::nullopt;
  }
  if (std::isinf(r) || std::isinf(computed)) {
    if (computed == r) return 0.0;
    return std::nullopt;
  }
  if (r == 0 && computed == 0 && std::signbit(r) != std::signbit(computed)) return std::nullopt;
  // Nearby values of the format (the only case where the error is small) differ exactly in long
  // double; scaling by a power of two is exact.
  const long double difference = static_cast<long double>(computed) - static_cast<long double>(r);
  return static_cast<double>(std::fabs(std::ldexp(difference, -exact.ulp_exponent) - exact.offset));
}

template <class T> ErrorStats measure(std::span<const T> computed, std::span<const Exact<T>> exact) {
  ErrorStats stats;
  stats.points = computed.size();
  for (std::size_t i = 0; i < computed.size(); ++i) {
    const std::optional<double> error = ulp_error(computed[i], exact[i]);
    if (!error) {
      if (stats.mismatches++ == 0) stats.first_mismatch = i;
      continue;
    }
    ++stats.measured;
    stats.sum += *error;
    if (*error > stats.max) {
      stats.max = *error;
      stats.worst = i;
    }
  }
  return stats;
}

template std::optional<double> ulp_error<float>(float, const Exact<float>&);
template std::optional<double> ulp_error<double>(double, const Exact<double>&);
template ErrorStats measure<float>(std::span<const float>, std::span<const Exact<float>>);
template ErrorStats measure<double>(std::span<const double>, std::span<const Exact<double>>);

}  // namespace exprjit::accuracy
