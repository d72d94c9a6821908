#include "tools/accuracy/points.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <string_view>

namespace exprjit::accuracy {
namespace {

template <class T> using Bits = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;

// Maps floats to integers in the order of their values (both zeros to 0), so that a uniform
// integer in [ordered(lo), ordered(hi)] is a float uniform in the bit pattern between lo and hi.
template <class T> std::int64_t ordered(T v) {
  const auto bits = static_cast<std::int64_t>(std::bit_cast<Bits<T>>(v));
  return bits < 0 ? -(bits & std::numeric_limits<Bits<T>>::max()) : bits;
}
template <class T> T from_ordered(std::int64_t o) {
  const std::int64_t largest = ordered(std::numeric_limits<T>::max());
  o = std::clamp(o, -largest, largest);
  if (o >= 0) return std::bit_cast<T>(static_cast<Bits<T>>(o));
  return -std::bit_cast<T>(static_cast<Bits<T>>(-o));
}

std::uint64_t seed_of(std::string_view text, std::uint64_t seed) {  // FNV-1a: stable everywhere
  std::uint64_t h = 14695981039346656037ull ^ seed;
  for (char ch : text) h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  return h;
}

template <class T> class Generator {
 public:
  Generator(const Case& c, std::uint64_t seed) : case_(c), rng_(seed_of(c.name, seed ^ sizeof(T))) {}

  double unit() { return static_cast<double>(rng_() >> 11) * 0x1p-53; }
  std::int64_t integer(std::int64_t lo, std::int64_t hi) {  // inclusive; the span may exceed 2^63
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) + 1;
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + rng_() % span);
  }
  bool coin() { return rng_() >> 63; }
  T sign(T v) { return coin() ? -v : v; }

  T uniform_bits(Range r) { return from_ordered<T>(integer(ordered(static_cast<T>(r.lo)), ordered(static_cast<T>(r.hi)))); }
  T in_domain() { return uniform_bits(domain_[integer(0, static_cast<std::int64_t>(domain_.size()) - 1)]); }
  T any_finite() { return uniform_bits({-format_.max, format_.max}); }
  T subnormal() { return sign(from_ordered<T>(integer(1, ordered(static_cast<T>(format_.min_normal)) - 1))); }

  // Within 2^20 ULP of h (log-uniform distance), or a relative perturbation of h; around 0,
  // values of every magnitude.
  T near(double h) {
    if (h == 0) return from_ordered<T>((coin() ? -1 : 1) * integer(0, std::int64_t{1} << integer(0, sizeof(T) * 8 - 2)));
    const T t = static_cast<T>(h);
    if (!std::isfinite(t)) return any_finite();
    if (coin()) {
      const auto distance = static_cast<std::int64_t>(std::exp2(unit() * 20)) - 1;
      return from_ordered<T>(ordered(t) + (coin() ? distance : -distance));
    }
    const T v = static_cast<T>(h * (1 + (coin() ? 1 : -1) * std::exp2(-unit() * (format_.precision + 2))));
    return std::isfinite(v) ? v : t;
  }
  T near_hard() { return near(hard_[integer(0, static_cast<std::int64_t>(hard_.size()) - 1)]); }

  // Close to k*pi/2 for k log-uniform up to the largest finite value.
  T near_half_pi_multiple() {
    const long double k = std::floor(std::exp2(static_cast<long double>(unit()) * format_.emax));
    const T t = static_cast<T>(k * 1.5707963267948966192313216916397514L);
    if (!std::isfinite(t)) return any_finite();
    return sign(from_ordered<T>(ordered(t) + integer(-3, 3)));
  }

  // Scaled by 2^e (long double, so that intermediate values neither overflow nor underflow).
  static T scaled(long double v, int e) { return static_cast<T>(std::ldexp(v, e)); }
  int result_exponent() { return static_cast<int>(integer(format_.emin - format_.precision - 2, format_.emax + 2)); }

  void pair(Points<T>& p) {
    T x = any_finite(), y = any_finite();
    switch (case_.pairs) {
      case Pairs::Angles: angle_pair(x, y); break;
      case Pairs::Magnitudes: magnitude_pair(x, y); break;
      case Pairs::Powers: power_pair(x, y); break;
      case Pairs::Sums: sum_pair(x, y); break;
      case Pairs::Products: {  // |x*y| ~ 2^e
        x = uniform_bits({format_.min_subnormal, format_.max});
        y = sign(scaled((1 + unit()) / static_cast<long double>(x), result_exponent()));
        x = sign(x);
        break;
      }
      case Pairs::Quotients: {  // |x/y| ~ 2^e
        x = uniform_bits({format_.min_subnormal, format_.max});
        y = sign(scaled(static_cast<long double>(x) / (1 + unit()), -result_exponent()));
        x = sign(x);
        break;
      }
    }
    p.x.push_back(x);
    p.y.push_back(y);
  }

  // y/x near 0, +-1 or huge.
  void angle_pair(T& x, T& y) {
    x = uniform_bits({-100, 100});
    const long double ratio = coin() ? std::exp2(static_cast<long double>(unit()) * 2 * (format_.precision + 5) - (format_.precision + 5))
                                     : 1 + (coin() ? 1 : -1) * std::exp2(-static_cast<long double>(unit()) * (format_.precision + 2));
    y = sign(static_cast<T>(x * ratio));
    if (coin()) std::swap(x, y);
  }
  // Very different sizes, or both near overflow.
  void magnitude_pair(T& x, T& y) {
    if (integer(0, 4) == 0) {
      x = sign(uniform_bits({format_.max / 4, format_.max}));
      y = sign(uniform_bits({format_.max / 4, format_.max}));
      return;
    }
    y = sign(scaled(static_cast<long double>(x) * (1 + unit()), static_cast<int>(integer(-format_.precision - 3, format_.precision + 3))));
  }
  // Results over the whole exponent range, negative bases with integer exponents, bases near 1.
  void power_pair(T& x, T& y) {
    switch (integer(0, 9)) {
      case 0: case 1: case 2: case 3: case 4: {  // x^y ~ 2^e
        x = uniform_bits({format_.min_subnormal, format_.max});
        const long double l = std::log2(static_cast<long double>(x));
        y = l == 0 ? any_finite() : static_cast<T>((result_exponent() + unit()) / l);
        break;
      }
      case 5: case 6: {  // negative base, integer exponent (possibly huge)
        x = -uniform_bits({format_.min_subnormal, format_.max});
        const long double l = std::log2(-static_cast<long double>(x));
        y = coin() || l == 0 ? static_cast<T>(integer(-64, 64)) : static_cast<T>(std::round(result_exponent() / l));
        break;
      }
      case 7: {  // base near 1, large exponent
        x = near(1);
        y = sign(uniform_bits({1, std::ldexp(1.0, format_.precision + 8)}));
        break;
      }
      default:  // small integer exponents of ordinary bases
        x = uniform_bits({-100, 100});
        y = static_cast<T>(integer(-12, 12));
        break;
    }
  }
  // Cancellation (y ~ +-x), or exponents that differ by up to precision + 5.
  void sum_pair(T& x, T& y) {
    switch (integer(0, 2)) {
      case 0: y = sign(from_ordered<T>(ordered(x) + integer(-1000, 1000))); break;
      case 1: y = sign(static_cast<T>(x * (1 + (coin() ? 1 : -1) * std::exp2(-unit() * (format_.precision + 2))))); break;
      default: y = sign(scaled(static_cast<long double>(x) * (1 + unit()), static_cast<int>(integer(-format_.precision - 5, format_.precision + 5))));
    }
  }

  T unary_point() {
    const std::int64_t k = integer(0, 99);
    if (k < 30) return in_domain();
    if (k < 40) return any_finite();
    if (k < 75) return near_hard();
    if (k < 85) return subnormal();
    return case_.trig ? near_half_pi_multiple() : in_domain();
  }

  T binary_operand() {
    const std::int64_t k = integer(0, 9);
    if (k < 6) return in_domain();
    if (k < 8) return near_hard();
    return subnormal();
  }

 private:
  const Case& case_;
  const Format format_ = format_of<T>();
  const std::vector<Range> domain_ = case_.domain(format_);
  const std::vector<double> hard_ = case_.hard(format_);
  std::mt19937_64 rng_;
};

}  // namespace

template <class T> std::vector<T> special_values() {
  using L = std::numeric_limits<T>;
  const T one = 1;
  std::vector<T> values = {0, L::infinity(), L::quiet_NaN(), L::denorm_min(), std::nextafter(L::min(), T(0)),
                           L::min(), L::max(), one, std::nextafter(one, T(0)), std::nextafter(one, T(2)),
                           T(0.5), T(2), T(3), T(10)};
  const std::size_t positives = values.size();
  for (std::size_t i = 0; i < positives; ++i) values.push_back(-values[i]);
  return values;
}

template <class T> Points<T> sweep_points(const Case& c, std::size_t n, std::uint64_t seed) {
  Points<T> p;
  Generator<T> g(c, seed);
  const std::vector<T> specials = special_values<T>();
  if (c.arity == 1) {
    p.x = specials;
    while (p.x.size() < n) p.x.push_back(g.unary_point());
    return p;
  }
  for (T x : specials) {
    for (T y : specials) {
      p.x.push_back(x);
      p.y.push_back(y);
    }
  }
  while (p.size() < n) {
    if (g.coin()) {
      g.pair(p);
    } else {
      p.x.push_back(g.binary_operand());
      p.y.push_back(g.binary_operand());
    }
  }
  return p;
}

template <class T> Points<T> typical_points(const Case& c, std::size_t n, std::uint64_t seed) {
  Points<T> p;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(c.typical.lo, c.typical.hi);
  for (std::size_t i = 0; i < n; ++i) p.x.push_back(static_cast<T>(uniform(rng)));
  if (c.arity == 2)
    for (std::size_t i = 0; i < n; ++i) p.y.push_back(static_cast<T>(uniform(rng)));
  return p;
}

template std::vector<float> special_values<float>();
template std::vector<double> special_values<double>();
template Points<float> sweep_points<float>(const Case&, std::size_t, std::uint64_t);
template Points<double> sweep_points<double>(const Case&, std::size_t, std::uint64_t);
template Points<float> typical_points<float>(const Case&, std::size_t, std::uint64_t);
template Points<double> typical_points<double>(const Case&, std::size_t, std::uint64_t);

}  // namespace exprjit::accuracy
