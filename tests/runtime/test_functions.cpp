// Every builtin function x every dtype it accepts, checked element by element against <cmath>.
//
// Each case compiles one kernel (Kernel API, both accuracies), runs it on a sweep of special
// values (signed zeros, infinities, NaN, subnormals, overflow thresholds, domain edges) followed
// by a few thousand pseudo-random values (fixed seed) over the function's domain, and compares
// with a reference computed with <cmath>:
//   float64 (and int/bool inputs, which compute in float64): glibc's libm, within 2 ULP
//     (Precise; 1 for hypot) or 5 ULP (Fast);
//   float32: the double-precision libm result rounded to float, within 1 ULP (Precise) or 4 ULP
//     (Fast);
//   exact operations (sqrt, rounding, abs, sign, copysign, nextafter, fmod, maximum, minimum,
//     predicates, where, integer power): bit for bit.
// NaN, infinities and signed zeros must match exactly. Sweep lengths are never a multiple of the
// SIMD width, and the first elements are re-run in windows of 1, 7 and 17 elements, so every
// special value also goes through the masked tail of the loop alone.
// SleefLimits checks, one by one, the inputs on which SLEEF 3.5.1 alone is wrong (results near
// overflow, huge arguments, fmod with a huge quotient) and which exprjit's glibc fallback fixes.
#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ------------------------------------------------------------------------------------------
// ULP distance and comparison

std::int64_t ordered_bits(double x) {
  const auto bits = std::bit_cast<std::int64_t>(x);
  return bits < 0 ? -(bits & INT64_MAX) : bits;  // -0 and +0 both map to 0
}
std::int64_t ordered_bits(float x) {
  const auto bits = std::bit_cast<std::int32_t>(x);
  return bits < 0 ? -static_cast<std::int64_t>(bits & INT32_MAX) : bits;
}

// Number of representable values between a and b (across zero too); NaN==NaN is 0.
template <class T> std::uint64_t ulp_distance(T a, T b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return UINT64_MAX;
  const __int128 d = static_cast<__int128>(ordered_bits(a)) - ordered_bits(b);
  const __int128 m = d < 0 ? -d : d;
  return m > static_cast<__int128>(UINT64_MAX) ? UINT64_MAX : static_cast<std::uint64_t>(m);
}

// NaN, infinities and the sign of a zero result must match exactly; other values within tol.
template <class T> bool float_matches(T got, T ref, std::uint64_t tol) {
  if (std::isnan(ref)) return std::isnan(got);
  if (std::isnan(got)) return false;
  if (std::isinf(ref) || std::isinf(got)) return got == ref;
  if (ref == 0 && std::signbit(got) != std::signbit(ref)) return false;
  return ulp_distance(got, ref) <= tol;
}

template <class T> bool matches(T got, T ref, std::uint64_t tol) {
  if constexpr (std::is_floating_point_v<T>) return float_matches(got, ref, tol);
  else return got == ref;
}

// Same bits (any NaN equals any NaN): an element must not depend on where it sits in the array.
template <class T> bool same_value(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return ordered_bits(a) == ordered_bits(b) && std::signbit(a) == std::signbit(b);
  } else {
    return a == b;
  }
}

std::string show(double v) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%.17g (%a)", v, v);
  return buf;
}
std::string show(float v) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%.9gf (%a)", static_cast<double>(v), static_cast<double>(v));
  return buf;
}
std::string show(bool v) { return v ? "true" : "false"; }
std::string show(std::int32_t v) { return std::to_string(v); }
std::string show(std::int64_t v) { return std::to_string(v); }

template <class T> std::string show_ulps(T got, T ref) {
  if constexpr (std::is_floating_point_v<T>) {
    const std::uint64_t d = ulp_distance(got, ref);
    return d == UINT64_MAX ? "" : " (" + std::to_string(d) + " ulp)";
  } else {
    return "";
  }
}

std::string name_of(DType type) { return std::string(dtype_name(type)); }
std::string name_of(Accuracy accuracy) { return accuracy == Accuracy::Fast ? "fast" : "precise"; }

// Calls f(std::type_identity<T>{}) with T the C++ type of `type`.
template <class F> decltype(auto) with_type(DType type, F&& f) {
  switch (type) {
    case DType::Bool: return f(std::type_identity<bool>{});
    case DType::Int32: return f(std::type_identity<std::int32_t>{});
    case DType::Int64: return f(std::type_identity<std::int64_t>{});
    case DType::Float32: return f(std::type_identity<float>{});
    case DType::Float64: break;
  }
  return f(std::type_identity<double>{});
}

DType promote(DType a, DType b) { return std::max(a, b); }  // bool < int32 < int64 < float32 < float64
DType float_of(DType type) { return is_floating(type) ? type : DType::Float64; }

// ------------------------------------------------------------------------------------------
// Input columns

class Column {
 public:
  explicit Column(DType type) : type_(type) {}
  DType type() const { return type_; }
  std::size_t size() const {
    switch (type_) {
      case DType::Bool: return b_.size();
      case DType::Int32: return i32_.size();
      case DType::Int64: return i64_.size();
      case DType::Float32: return f32_.size();
      case DType::Float64: break;
    }
    return f64_.size();
  }

  // Floating columns take floating values (rounded to float for float32).
  void add(double v) {
    if (type_ == DType::Float32) f32_.push_back(static_cast<float>(v));
    else if (type_ == DType::Float64) f64_.push_back(v);
    else add_int(static_cast<std::int64_t>(v));
  }
  void add_float(float v) {
    if (type_ == DType::Float32) f32_.push_back(v);
    else add(v);
  }
  // Integer and bool columns take integers (truncated to int32, or != 0 for bool).
  void add_int(std::int64_t v) {
    switch (type_) {
      case DType::Bool: b_.push_back(v != 0); break;
      case DType::Int32: i32_.push_back(static_cast<std::int32_t>(v)); break;
      case DType::Int64: i64_.push_back(v); break;
      case DType::Float32: f32_.push_back(static_cast<float>(v)); break;
      case DType::Float64: f64_.push_back(static_cast<double>(v)); break;
    }
  }
  // Repeats the first element until the length is odd (never a multiple of a SIMD width).
  void make_length_odd() {
    if (size() % 2 == 0) copy_element_to_end(0);
  }
  void copy_element_to_end(std::size_t i) {
    switch (type_) {
      case DType::Bool: b_.push_back(b_[i]); break;
      case DType::Int32: i32_.push_back(i32_[i]); break;
      case DType::Int64: i64_.push_back(i64_[i]); break;
      case DType::Float32: f32_.push_back(f32_[i]); break;
      case DType::Float64: f64_.push_back(f64_[i]); break;
    }
  }

  // Element i converted to T as the generated code converts (sitofp, fpext, zext).
  template <class T> T get(std::size_t i) const {
    switch (type_) {
      case DType::Bool: return static_cast<T>(b_[i] != 0);
      case DType::Int32: return static_cast<T>(i32_[i]);
      case DType::Int64: return static_cast<T>(i64_[i]);
      case DType::Float32: return static_cast<T>(f32_[i]);
      case DType::Float64: break;
    }
    return static_cast<T>(f64_[i]);
  }

  Array slice(std::size_t begin, std::size_t n) const {
    switch (type_) {
      case DType::Bool:
        return Array::from(std::span<const bool>(reinterpret_cast<const bool*>(b_.data()) + begin, n));
      case DType::Int32: return Array::from(std::span<const std::int32_t>(i32_.data() + begin, n));
      case DType::Int64: return Array::from(std::span<const std::int64_t>(i64_.data() + begin, n));
      case DType::Float32: return Array::from(std::span<const float>(f32_.data() + begin, n));
      case DType::Float64: break;
    }
    return Array::from(std::span<const double>(f64_.data() + begin, n));
  }

  std::string show_element(std::size_t i) const {
    switch (type_) {
      case DType::Bool: return show(b_[i] != 0);
      case DType::Int32: return show(i32_[i]);
      case DType::Int64: return show(i64_[i]);
      case DType::Float32: return show(f32_[i]);
      case DType::Float64: break;
    }
    return show(f64_[i]);
  }

 private:
  DType type_;
  std::vector<std::uint8_t> b_;
  std::vector<std::int32_t> i32_;
  std::vector<std::int64_t> i64_;
  std::vector<float> f32_;
  std::vector<double> f64_;
};

// ------------------------------------------------------------------------------------------
// Sweeps: special values first, then pseudo-random values

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1p-53; }
  double uniform(double a, double b) { return a + (b - a) * unit(); }
  std::int64_t integer(std::int64_t lo, std::int64_t hi) {  // inclusive
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(engine_());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + engine_() % (span + 1));
  }
  bool coin() { return (engine_() >> 7) & 1; }

 private:
  std::mt19937_64 engine_;
};

std::uint64_t seed_of(std::string_view text) {  // FNV-1a: stable across platforms
  std::uint64_t h = 14695981039346656037ull;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

// A distribution of random floating inputs.
struct Gen {
  enum Kind { Uniform, LogPos, LogSigned, Quarters, Integers } kind;
  double a, b;
};
Gen U(double a, double b) { return {Gen::Uniform, a, b}; }
Gen LogPos(double e1, double e2) { return {Gen::LogPos, e1, e2}; }        // 10^U(e1, e2)
Gen LogSigned(double e1, double e2) { return {Gen::LogSigned, e1, e2}; }  // +-10^U(e1, e2)
Gen Quarters(double a, double b) { return {Gen::Quarters, a, b}; }        // k/4 in [a, b]
Gen Integers(double a, double b) { return {Gen::Integers, a, b}; }

double draw(const Gen& g, Rng& rng, bool single) {
  switch (g.kind) {
    case Gen::Uniform: return rng.uniform(g.a, g.b);
    case Gen::LogPos:
    case Gen::LogSigned: {
      double lo = g.a, hi = std::min(g.b, 308.0);
      if (single) {  // keep float32 sweeps mostly in float range
        hi = std::min(hi, 38.5);
        lo = std::min(std::max(lo, -45.5), hi);
      }
      const double v = std::pow(10.0, rng.uniform(lo, hi));
      return g.kind == Gen::LogSigned && rng.coin() ? -v : v;
    }
    case Gen::Quarters: return std::round(rng.uniform(4 * g.a, 4 * g.b)) / 4;
    case Gen::Integers: return static_cast<double>(rng.integer(static_cast<std::int64_t>(g.a), static_cast<std::int64_t>(g.b)));
  }
  return 0;
}

std::vector<double> double_specials() {
  std::vector<double> v = {
      0.0, -0.0, kInf, -kInf, kNaN, -kNaN,
      5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072009e-308, DBL_MIN, -DBL_MIN,
      1e-300, -1e-300, 1e-200, 1e-100, 1e-20, -1e-20, 1e-16, -1e-16, 1e-8, -1e-8, 1e-5,
      DBL_MAX, -DBL_MAX, 1e300, -1e300, 1e299, -1e299, 1e200, 1e100, 1e22, -1e22, 1e15, 1e6, -1e6,
      1.0, -1.0, std::nextafter(1.0, 0.0), std::nextafter(1.0, 2.0), std::nextafter(-1.0, 0.0),
      std::nextafter(-1.0, -2.0), 1.0000001, 0.9999999, -0.9999999, -1.0000001,
      0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.5, 0.49999999999999994, -0.49999999999999994,
      2.0, -2.0, 3.0, 10.0, -10.0, 100.0, 0.1, -0.1, 0.7,
      M_PI, -M_PI, M_PI_2, -M_PI_2, M_PI_4, 2 * M_PI,
      20.0, -20.0, 22.0, 37.5, -37.5,
      709.78, 709.782712893384, std::nextafter(709.782712893384, kInf), 710.0, 710.4758600739439,
      -710.4758600739439, 711.0, -708.3964185322641, -709.0, -744.44, -745.0, -745.1332191019411,
      -745.1332191019412, -745.14, -746.0, -1000.0, 1000.0,
      88.7, 88.72283905206835, 89.0, -87.33654475055311, -103.97, -103.97207708399179, -104.0, -150.0,
      4503599627370495.5, 4503599627370496.0, -4503599627370495.5, 9007199254740991.0, 9007199254740992.0,
  };
  return v;
}

std::vector<float> float_specials() {
  return {
      1e-40f, -1e-40f, 1e-45f, -1e-45f, FLT_MIN, -FLT_MIN, 1.17549421e-38f, FLT_MAX, -FLT_MAX,
      3e38f, 1e38f, 1e30f, 1e28f, -1e28f, 1e29f, 1e22f, 1e6f,
      88.7f, 88.72283f, 88.722839f, 88.72284f, 89.0f, 89.41599f, 89.5f, -89.5f,
      -87.33655f, -88.7f, -103.972084f, -103.97208f, -104.0f, -105.0f,
      8388607.5f, 8388608.0f, 8388609.0f, 16777216.0f, -8388607.5f,
      std::nextafter(1.0f, 0.0f), std::nextafter(1.0f, 2.0f), std::nextafter(-1.0f, 0.0f),
      std::nextafter(-1.0f, -2.0f), 0.49999997f, -0.49999997f, 1e-8f, 1e-20f, 1e-30f,
  };
}

std::vector<std::int64_t> int_specials(DType type) {
  std::vector<std::int64_t> v = {0, 1, -1, 2, -2, 3, -3, 7, 10, -10, 100, -100, 1000, 46340, 46341, 65536,
                                 1 << 30, INT32_MAX, INT32_MAX - 1, INT32_MIN, INT32_MIN + 1, 16777217, -16777217};
  if (type == DType::Int64) {
    const std::int64_t more[] = {INT64_MAX, INT64_MAX - 1, INT64_MIN, INT64_MIN + 1, std::int64_t{1} << 53,
                                 (std::int64_t{1} << 53) + 1, -(std::int64_t{1} << 53) - 1, std::int64_t{1} << 62,
                                 3037000499, 3037000500, 4294967296, 9007199254740993};
    v.insert(v.end(), std::begin(more), std::end(more));
  }
  return v;
}

void add_random(Column& column, const std::vector<Gen>& gens, Rng& rng) {
  const DType type = column.type();
  if (is_floating(type)) {
    const Gen& g = gens[rng.integer(0, static_cast<std::int64_t>(gens.size()) - 1)];
    column.add(draw(g, rng, type == DType::Float32));
  } else if (type == DType::Bool) {
    column.add_int(rng.coin());
  } else {
    const std::int64_t max = type == DType::Int32 ? INT32_MAX : INT64_MAX;
    const std::int64_t min = type == DType::Int32 ? INT32_MIN : INT64_MIN;
    switch (rng.integer(0, 3)) {
      case 0: column.add_int(rng.integer(min, max)); break;
      case 1: column.add_int(rng.integer(-1000, 1000)); break;
      case 2: column.add_int(rng.integer(-20, 20)); break;
      default: column.add_int(rng.integer(-16777219, 16777219)); break;
    }
  }
}

void add_specials(Column& column) {
  const DType type = column.type();
  if (is_floating(type)) {
    for (double v : double_specials()) column.add(v);
    if (type == DType::Float32)
      for (float v : float_specials()) column.add_float(v);
  } else if (type == DType::Bool) {
    for (int v : {0, 1, 1, 0, 0, 0, 1}) column.add_int(v);
  } else {
    for (std::int64_t v : int_specials(type)) column.add_int(v);
  }
}

constexpr int kRandomCount = 3000;

// Specials, then kRandomCount random values; odd length.
Column unary_sweep(DType type, const std::vector<Gen>& gens, std::string_view seed) {
  Column x(type);
  add_specials(x);
  Rng rng(seed_of(seed));
  for (int i = 0; i < kRandomCount; ++i) add_random(x, gens, rng);
  x.make_length_odd();
  return x;
}

// Small special sets whose cartesian product starts a two-argument sweep.
void add_grid_value(Column& column, std::size_t k) {
  static const double floats[] = {0.0, -0.0, kInf, -kInf, kNaN, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0,
                                  2.5, -2.5, 5e-324, -5e-324, 1e-310, DBL_MAX, -DBL_MAX, 1e300, -1e300,
                                  1e-300, 1e22, 1075.0, -1075.0, 1e-40, 3.4028234663852886e38, 0.1, 709.78,
                                  1e-5, 150.0};
  static const std::int64_t ints[] = {0, 1, -1, 2, -2, 3, -3, 7, 31, 32, 63, 64, INT32_MAX, INT32_MIN,
                                      46341, -46341, INT64_MAX, INT64_MIN, (std::int64_t{1} << 53) + 1};
  if (is_floating(column.type())) column.add(floats[k]);
  else column.add_int(ints[k]);
}
std::size_t grid_size(DType type) {
  if (is_floating(type)) return 32;
  if (type == DType::Bool) return 2;
  return type == DType::Int32 ? 16 : 19;
}

struct Pair {
  Column x, y;
};

// Two dtypes, e.g. the operands of x ** y or the branches of where().
struct TypePair {
  DType x, y;
};
void PrintTo(const TypePair& p, std::ostream* os) { *os << name_of(p.x) << ", " << name_of(p.y); }
std::string type_pair_name(const ::testing::TestParamInfo<TypePair>& info) {
  return name_of(info.param.x) + "_" + name_of(info.param.y);
}

// Every pair of grid specials, then kRandomCount random pairs; odd length.
Pair pair_sweep(DType tx, DType ty, const std::vector<Gen>& gx, const std::vector<Gen>& gy, std::string_view seed) {
  Pair p{Column(tx), Column(ty)};
  for (std::size_t i = 0; i < grid_size(tx); ++i) {
    for (std::size_t j = 0; j < grid_size(ty); ++j) {
      add_grid_value(p.x, i);
      add_grid_value(p.y, j);
    }
  }
  Rng rng(seed_of(seed));
  for (int i = 0; i < kRandomCount; ++i) {
    add_random(p.x, gx, rng);
    add_random(p.y, gy, rng);
  }
  if (p.x.size() % 2 == 0) {
    p.x.copy_element_to_end(0);
    p.y.copy_element_to_end(0);
  }
  return p;
}

// ------------------------------------------------------------------------------------------
// Running kernels and checking every element

Array run(const Kernel& kernel, const std::vector<const Column*>& columns, std::size_t begin, std::size_t n) {
  std::vector<Operand> args;
  for (const Column* c : columns) args.emplace_back(c->slice(begin, n));
  return kernel(std::span<const Operand>(args));
}

std::string describe_inputs(const std::vector<const Column*>& columns, std::size_t i) {
  static const char* names[] = {"x", "y", "z"};
  std::string s;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    if (k) s += ", ";
    s += std::string(names[k]) + "=" + columns[k]->show_element(i);
  }
  return s;
}

constexpr int kMaxReported = 8;

// Runs `kernel` on the whole columns and checks element i against ref(i) within `tol` ULP; then
// re-runs the first elements in windows of 1, 7 and 17 elements, so that each of them also goes
// through the masked tail of the SIMD loop, and checks those results the same way. (Windows are
// checked against the reference, not bit for bit against the whole-array run: SLEEF's trig
// functions pick a slower argument reduction for the whole vector when any lane needs it, so a
// result may differ by an ULP depending on its neighbours.)
template <class R, class Ref>
void check_kernel(const std::string& what, const Kernel& kernel, const std::vector<const Column*>& columns,
                  Ref ref, std::uint64_t tol) {
  SCOPED_TRACE(what);
  ASSERT_EQ(kernel.result_dtype(), dtype_of<R>) << what << ": result dtype";
  const std::size_t n = columns[0]->size();
  const auto expected = std::make_unique<R[]>(n);  // not std::vector: R may be bool
  for (std::size_t i = 0; i < n; ++i) expected[i] = ref(i);

  const Array full = run(kernel, columns, 0, n);
  ASSERT_EQ(full.dtype(), dtype_of<R>);
  ASSERT_EQ(full.shape(), Shape{static_cast<std::int64_t>(n)});
  const R* got = full.data_as<R>();
  int failures = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (matches(got[i], expected[i], tol)) continue;
    if (++failures <= kMaxReported) {
      ADD_FAILURE() << what << " [" << i << "] " << describe_inputs(columns, i) << ": got " << show(got[i])
                    << ", expected " << show(expected[i]) << show_ulps(got[i], expected[i]) << ", tolerance "
                    << tol << " ulp";
    }
  }
  EXPECT_EQ(failures, 0) << what << ": " << failures << " of " << n << " elements wrong";

  int tail_failures = 0;
  for (std::size_t window : {1, 7, 17}) {
    const std::size_t limit = std::min<std::size_t>(n, window == 1 ? 200 : 700);
    for (std::size_t start = 0; start + window <= limit; start += window) {
      const Array part = run(kernel, columns, start, window);
      ASSERT_EQ(part.shape(), Shape{static_cast<std::int64_t>(window)});
      const R* values = part.data_as<R>();
      for (std::size_t j = 0; j < window; ++j) {
        const std::size_t i = start + j;
        // An element already reported above is not reported again.
        if (matches(values[j], expected[i], tol) || !matches(got[i], expected[i], tol)) continue;
        if (++tail_failures <= kMaxReported) {
          ADD_FAILURE() << what << " in an array of " << window << " element(s) starting at [" << start << "], ["
                        << i << "] " << describe_inputs(columns, i) << ": got " << show(values[j]) << ", expected "
                        << show(expected[i]) << show_ulps(values[j], expected[i]) << ", tolerance " << tol
                        << " ulp";
        }
      }
    }
  }
  EXPECT_EQ(tail_failures, 0) << what << ": short arrays (masked tail) give wrong results";
}

Signature signature_of_columns(const std::vector<const Column*>& columns) {
  static const char* names[] = {"x", "y", "z"};
  Signature s;
  for (std::size_t k = 0; k < columns.size(); ++k) s.push_back({names[k], columns[k]->type()});
  return s;
}

// Tolerance of a SLEEF-backed function against the libm reference.
std::uint64_t sleef_tolerance(DType result, Accuracy accuracy) {
  if (result == DType::Float32) return accuracy == Accuracy::Fast ? 4 : 1;
  return accuracy == Accuracy::Fast ? 5 : 2;
}

const Accuracy kAccuracies[] = {Accuracy::Precise, Accuracy::Fast};

// ------------------------------------------------------------------------------------------
// One-argument floating-point functions: bool/int32/int64 -> float64, float32 -> float32

struct UnaryMath {
  const char* name;
  double (*ref)(double);
  bool exact;  // correctly rounded in both accuracies (no ULP allowance)
  std::vector<Gen> domain;
};

const std::vector<UnaryMath>& unary_math() {
  static const std::vector<UnaryMath> table = {
      {"sin", [](double x) { return std::sin(x); }, false, {U(-10, 10), LogSigned(-10, 22), LogSigned(-320, 308)}},
      {"cos", [](double x) { return std::cos(x); }, false, {U(-10, 10), LogSigned(-10, 22), LogSigned(-320, 308)}},
      {"tan", [](double x) { return std::tan(x); }, false, {U(-10, 10), LogSigned(-10, 22), LogSigned(-320, 308)}},
      {"arcsin", [](double x) { return std::asin(x); }, false, {U(-1, 1), U(-1.5, 1.5), LogSigned(-320, 0)}},
      {"arccos", [](double x) { return std::acos(x); }, false, {U(-1, 1), U(-1.5, 1.5), LogSigned(-320, 0)}},
      {"arctan", [](double x) { return std::atan(x); }, false, {U(-10, 10), LogSigned(-320, 308)}},
      {"sinh", [](double x) { return std::sinh(x); }, false, {U(-720, 720), U(-100, 100), U(-1, 1), LogSigned(-320, 1)}},
      {"cosh", [](double x) { return std::cosh(x); }, false, {U(-720, 720), U(-100, 100), U(-1, 1), LogSigned(-320, 1)}},
      {"tanh", [](double x) { return std::tanh(x); }, false, {U(-25, 25), U(-1, 1), LogSigned(-320, 3)}},
      {"arcsinh", [](double x) { return std::asinh(x); }, false, {U(-10, 10), LogSigned(-320, 308)}},
      {"arccosh", [](double x) { return std::acosh(x); }, false, {U(1, 10), LogPos(0, 308), U(-2, 1)}},
      {"arctanh", [](double x) { return std::atanh(x); }, false, {U(-1, 1), U(-1.1, 1.1), LogSigned(-320, 0)}},
      {"log", [](double x) { return std::log(x); }, false, {LogPos(-324, 308), U(0.5, 2), U(-1, 1)}},
      {"log10", [](double x) { return std::log10(x); }, false, {LogPos(-324, 308), U(0.5, 2), U(-1, 1)}},
      {"log1p", [](double x) { return std::log1p(x); }, false, {U(-1, 1), U(-1, -0.9), LogPos(-320, 308), LogSigned(-320, -1)}},
      {"log2", [](double x) { return std::log2(x); }, false, {LogPos(-324, 308), U(0.5, 2), U(-1, 1)}},
      {"exp", [](double x) { return std::exp(x); }, false, {U(-750, 750), U(-110, 100), U(-1, 1), LogSigned(-320, 0)}},
      {"expm1", [](double x) { return std::expm1(x); }, false, {U(-50, 720), U(-110, 100), U(-1, 1), LogSigned(-320, 0)}},
      {"sqrt", [](double x) { return std::sqrt(x); }, true, {LogPos(-324, 308), U(-1, 1)}},
      {"trunc", [](double x) { return std::trunc(x); }, true, {Quarters(-100, 100), U(-10, 10), LogSigned(-10, 20), LogSigned(-320, 308)}},
      {"round", [](double x) { return std::nearbyint(x); }, true, {Quarters(-100, 100), U(-10, 10), LogSigned(-10, 20), LogSigned(-320, 308)}},
      {"ceil", [](double x) { return std::ceil(x); }, true, {Quarters(-100, 100), U(-10, 10), LogSigned(-10, 20), LogSigned(-320, 308)}},
      {"floor", [](double x) { return std::floor(x); }, true, {Quarters(-100, 100), U(-10, 10), LogSigned(-10, 20), LogSigned(-320, 308)}},
  };
  return table;
}

struct UnaryCase {
  std::size_t function;
  DType type;
  Accuracy accuracy;
};

std::vector<UnaryCase> unary_cases() {
  std::vector<UnaryCase> cases;
  for (std::size_t f = 0; f < unary_math().size(); ++f)
    for (DType t : kRealComputeDTypes) {
      if (unary_math()[f].name == std::string_view("round") && is_integer(t)) continue;  // IntegersKeepTheirType
      for (Accuracy a : kAccuracies) cases.push_back({f, t, a});
    }
  return cases;
}

void PrintTo(const UnaryCase& c, std::ostream* os) {
  *os << unary_math()[c.function].name << "(" << name_of(c.type) << "), " << name_of(c.accuracy);
}

class FloatUnary : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(FloatUnary, MatchesLibm) {
  const auto [index, type, accuracy] = GetParam();
  const UnaryMath& f = unary_math()[index];
  const std::string expr = std::string(f.name) + "(x)";
  const std::string what = expr + " on " + name_of(type) + ", " + name_of(accuracy);
  const Column x = unary_sweep(type, f.domain, f.name);
  const std::vector<const Column*> columns = {&x};
  const Kernel kernel = compile(expr, signature_of_columns(columns), Options{accuracy});
  const DType result = float_of(type);
  const std::uint64_t tol = f.exact ? 0 : sleef_tolerance(result, accuracy);
  if (result == DType::Float32) {
    check_kernel<float>(what, kernel, columns,
                        [&](std::size_t i) { return static_cast<float>(f.ref(x.get<float>(i))); }, tol);
  } else {
    check_kernel<double>(what, kernel, columns, [&](std::size_t i) { return f.ref(x.get<double>(i)); }, tol);
  }
}

std::string unary_case_name(const ::testing::TestParamInfo<UnaryCase>& info) {
  return std::string(unary_math()[info.param.function].name) + "_" + name_of(info.param.type) + "_" +
         name_of(info.param.accuracy);
}

INSTANTIATE_TEST_SUITE_P(Functions, FloatUnary, ::testing::ValuesIn(unary_cases()), unary_case_name);

// round of integers is the integer itself, in its type (numexpr 2.13+, NumPy); copy(x) is x and
// ones_like(x) is 1 of x's type, for every dtype (numexpr's copy and ones_like).
TEST(Functions, IntegersKeepTheirTypeInRound) {
  const Array i32 = Array::from<std::int32_t>({INT32_MIN, -3, 0, 7, INT32_MAX});
  const Array r = evaluate("round(x)", {{"x", i32}});
  ASSERT_EQ(r.dtype(), DType::Int32);
  EXPECT_EQ(r.to_vector<std::int32_t>(), i32.to_vector<std::int32_t>());
  const Array i64 = Array::from<std::int64_t>({INT64_MIN, 9007199254740993});  // beyond float64's 2^53
  EXPECT_EQ(evaluate("round(x)", {{"x", i64}}).to_vector<std::int64_t>(), i64.to_vector<std::int64_t>());
  EXPECT_EQ(validate("round(b)", {{"b", DType::Bool}}), DType::Float64);
  EXPECT_EQ(validate("round(f)", {{"f", DType::Float32}}), DType::Float32);
}

TEST(Functions, CopyAndOnesLike) {
  for (DType type : kRealComputeDTypes) {
    const Array x = evaluate(std::string(dtype_name(type)) + "(v)", {{"v", Array::from<double>({-2.5, 0.0, 3.0})}});
    const Array copied = evaluate("copy(x)", {{"x", x}});
    ASSERT_EQ(copied.dtype(), type);
    EXPECT_EQ(copied.to_vector<double>(), x.to_vector<double>()) << dtype_name(type);
    const Array ones = evaluate("ones_like(x)", {{"x", x}});
    ASSERT_EQ(ones.dtype(), type);
    EXPECT_EQ(ones.to_vector<double>(), (std::vector<double>{1, 1, 1})) << dtype_name(type);
  }
  const Array reversed = Array::from<double>({1, 2, 3, 4});
  EXPECT_EQ(evaluate("copy(x)", {{"x", reversed.view().reversed(0)}}).to_vector<double>(), (std::vector<double>{4, 3, 2, 1}));
}

// ------------------------------------------------------------------------------------------
// abs and sign keep integer dtypes (bool becomes int32); exact

template <class T> T reference_abs(T x) {
  if constexpr (std::is_same_v<T, bool>) {
    return x;
  } else if constexpr (std::is_floating_point_v<T>) {
    return std::fabs(x);
  } else {
    // Wraps: abs(MIN) == MIN.
    using U = std::make_unsigned_t<T>;
    return x < 0 ? static_cast<T>(U{0} - static_cast<U>(x)) : x;
  }
}
template <class T> T reference_sign(T x) {
  if constexpr (std::is_same_v<T, bool>) {
    return x;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(x)) return x;
    if (x == 0) return T{0};  // both zeros give +0
    return x > 0 ? T{1} : T{-1};
  } else {
    return static_cast<T>((x > 0) - (x < 0));
  }
}

struct SameCase {
  const char* function;
  DType type;
};

void PrintTo(const SameCase& c, std::ostream* os) { *os << c.function << "(" << name_of(c.type) << ")"; }

class SameNumericUnary : public ::testing::TestWithParam<SameCase> {};

TEST_P(SameNumericUnary, MatchesReference) {
  const auto [function, type] = GetParam();
  const std::string expr = std::string(function) + "(x)";
  const std::string what = expr + " on " + name_of(type);
  const Column x = unary_sweep(type, {LogSigned(-320, 308), U(-3, 3), Quarters(-2, 2)}, function);
  const std::vector<const Column*> columns = {&x};
  const DType result = type == DType::Bool ? DType::Int32 : type;
  const bool is_abs = std::string_view(function) == "abs";
  for (Accuracy accuracy : kAccuracies) {
    const Kernel kernel = compile(expr, signature_of_columns(columns), Options{accuracy});
    with_type(result, [&]<class R>(std::type_identity<R>) {
      check_kernel<R>(what + ", " + name_of(accuracy), kernel, columns,
                      [&](std::size_t i) { return is_abs ? reference_abs(x.get<R>(i)) : reference_sign(x.get<R>(i)); },
                      0);
    });
  }
}

std::vector<SameCase> same_numeric_cases() {
  std::vector<SameCase> cases;
  for (const char* f : {"abs", "sign"})
    for (DType t : kRealComputeDTypes) cases.push_back({f, t});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Functions, SameNumericUnary, ::testing::ValuesIn(same_numeric_cases()),
                         [](const ::testing::TestParamInfo<SameCase>& info) {
                           return std::string(info.param.function) + "_" + name_of(info.param.type);
                         });

// ------------------------------------------------------------------------------------------
// isnan, isinf, isfinite, signbit: bool results, integers tested as float64

class Predicate : public ::testing::TestWithParam<SameCase> {};

TEST_P(Predicate, MatchesCmath) {
  const auto [function, type] = GetParam();
  const std::string name = function;
  const std::string expr = name + "(x)";
  const Column x = unary_sweep(type, {LogSigned(-320, 308), U(-3, 3)}, function);
  const std::vector<const Column*> columns = {&x};
  const Kernel kernel = compile(expr, signature_of_columns(columns));
  with_type(float_of(type), [&]<class F>(std::type_identity<F>) {
    check_kernel<bool>(expr + " on " + name_of(type), kernel, columns, [&](std::size_t i) {
      const F v = x.get<F>(i);
      if (name == "isnan") return static_cast<bool>(std::isnan(v));
      if (name == "isinf") return static_cast<bool>(std::isinf(v));
      if (name == "isfinite") return static_cast<bool>(std::isfinite(v));
      return static_cast<bool>(std::signbit(v));
    }, 0);
  });
}

std::vector<SameCase> predicate_cases() {
  std::vector<SameCase> cases;
  for (const char* f : {"isnan", "isinf", "isfinite", "signbit"})
    for (DType t : kRealComputeDTypes) cases.push_back({f, t});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Functions, Predicate, ::testing::ValuesIn(predicate_cases()),
                         [](const ::testing::TestParamInfo<SameCase>& info) {
                           return std::string(info.param.function) + "_" + name_of(info.param.type);
                         });

// ------------------------------------------------------------------------------------------
// Two-argument floating-point functions and x ** y on floats

struct BinaryMath {
  const char* name;
  const char* expression;
  double (*ref)(double, double);
  float (*ref32)(float, float);  // when rounding the double result would be wrong (nextafter)
  bool exact;
  std::uint64_t precise_f64_tol;  // Precise tolerance for float64 results
  std::vector<Gen> x_domain, y_domain;
};

const std::vector<BinaryMath>& binary_math() {
  static const std::vector<BinaryMath> table = {
      {"arctan2", "arctan2(x, y)", [](double y, double x) { return std::atan2(y, x); }, nullptr, false, 2,
       {LogSigned(-320, 308), U(-10, 10)}, {LogSigned(-320, 308), U(-10, 10)}},
      {"hypot", "hypot(x, y)", [](double x, double y) { return std::hypot(x, y); }, nullptr, false, 1,
       {LogSigned(-320, 308), U(-10, 10), LogSigned(150, 308)}, {LogSigned(-320, 308), U(-10, 10), LogSigned(150, 308)}},
      {"nextafter", "nextafter(x, y)", [](double x, double y) { return std::nextafter(x, y); },
       [](float x, float y) { return std::nextafter(x, y); }, true, 0,
       {LogSigned(-320, 308), U(-2, 2)}, {LogSigned(-320, 308), U(-2, 2)}},
      {"copysign", "copysign(x, y)", [](double x, double y) { return std::copysign(x, y); }, nullptr, true, 0,
       {LogSigned(-320, 308), U(-2, 2)}, {LogSigned(-320, 308), U(-2, 2)}},
      {"fmod", "fmod(x, y)", [](double x, double y) { return std::fmod(x, y); }, nullptr, true, 0,
       {LogSigned(-10, 30), U(-100, 100), LogSigned(-320, 308)}, {LogSigned(-10, 10), U(-10, 10), LogSigned(-320, 308)}},
      {"pow", "x ** y", [](double x, double y) { return std::pow(x, y); }, nullptr, false, 2,
       {LogPos(-5, 5), U(-10, 10), Quarters(-4, 4), LogPos(-320, 308), LogSigned(-2, 2)},
       {U(-50, 50), Integers(-40, 40), Quarters(-10, 10), U(-2, 2), LogSigned(-3, 3)}},
  };
  return table;
}

struct BinaryCase {
  std::size_t function;
  DType x, y;
  Accuracy accuracy;
};

// Same-dtype pairs of every dtype, plus mixed pairs that exercise promotion.
const std::pair<DType, DType> kPairs[] = {
    {DType::Float64, DType::Float64}, {DType::Float32, DType::Float32}, {DType::Int32, DType::Int32},
    {DType::Int64, DType::Int64},     {DType::Bool, DType::Bool},       {DType::Float32, DType::Float64},
    {DType::Float64, DType::Float32}, {DType::Int32, DType::Float64},   {DType::Int32, DType::Float32},
    {DType::Int64, DType::Float32},   {DType::Float64, DType::Int64},   {DType::Bool, DType::Float32},
    {DType::Int32, DType::Int64},
};

std::vector<BinaryCase> binary_cases() {
  std::vector<BinaryCase> cases;
  for (std::size_t f = 0; f < binary_math().size(); ++f) {
    const bool pow = std::string_view(binary_math()[f].name) == "pow";
    for (const auto& [x, y] : kPairs) {
      // Integer ** integer is integer power (tested below); bool ** bool is a TypeError.
      if (pow && !is_floating(promote(x, y))) continue;
      for (Accuracy a : kAccuracies) cases.push_back({f, x, y, a});
    }
  }
  return cases;
}

void PrintTo(const BinaryCase& c, std::ostream* os) {
  *os << binary_math()[c.function].name << "(" << name_of(c.x) << ", " << name_of(c.y) << "), " << name_of(c.accuracy);
}

class FloatBinary : public ::testing::TestWithParam<BinaryCase> {};

TEST_P(FloatBinary, MatchesLibm) {
  const auto [index, tx, ty, accuracy] = GetParam();
  const BinaryMath& f = binary_math()[index];
  const std::string what =
      std::string(f.expression) + " on " + name_of(tx) + ", " + name_of(ty) + ", " + name_of(accuracy);
  const Pair p = pair_sweep(tx, ty, f.x_domain, f.y_domain, f.name);
  const std::vector<const Column*> columns = {&p.x, &p.y};
  const Kernel kernel = compile(f.expression, signature_of_columns(columns), Options{accuracy});
  const DType result = float_of(promote(tx, ty));
  std::uint64_t tol = f.exact ? 0 : sleef_tolerance(result, accuracy);
  if (!f.exact && result == DType::Float64 && accuracy == Accuracy::Precise) tol = f.precise_f64_tol;
  if (result == DType::Float32) {
    check_kernel<float>(what, kernel, columns, [&](std::size_t i) {
      const float x = p.x.get<float>(i), y = p.y.get<float>(i);
      return f.ref32 ? f.ref32(x, y) : static_cast<float>(f.ref(x, y));
    }, tol);
  } else {
    check_kernel<double>(what, kernel, columns,
                         [&](std::size_t i) { return f.ref(p.x.get<double>(i), p.y.get<double>(i)); }, tol);
  }
}

INSTANTIATE_TEST_SUITE_P(Functions, FloatBinary, ::testing::ValuesIn(binary_cases()),
                         [](const ::testing::TestParamInfo<BinaryCase>& info) {
                           return std::string(binary_math()[info.param.function].name) + "_" + name_of(info.param.x) +
                                  "_" + name_of(info.param.y) + "_" + name_of(info.param.accuracy);
                         });

// ------------------------------------------------------------------------------------------
// Inputs on which SLEEF 3.5.1 itself returns inf or NaN for a finite result; exprjit recomputes
// those lanes with glibc (compiler/vector_ops.cpp, with_libm_fallback).

struct LimitCase {
  const char* function;
  const char* expression;
  DType type;
  std::vector<std::pair<double, double>> inputs;  // (x, y); y is unused by one-argument functions
  double (*ref)(double, double);
  bool exact;
};

const std::vector<LimitCase>& limit_cases() {
  using P = std::vector<std::pair<double, double>>;
  auto sinh = [](double x, double) { return std::sinh(x); };
  auto cosh = [](double x, double) { return std::cosh(x); };
  auto asinh = [](double x, double) { return std::asinh(x); };
  auto acosh = [](double x, double) { return std::acosh(x); };
  auto log1p = [](double x, double) { return std::log1p(x); };
  auto fmod = [](double x, double y) { return std::fmod(x, y); };
  auto pow = [](double x, double y) { return std::pow(x, y); };
  static const std::vector<LimitCase> table = {
      {"exp", "exp(x)", DType::Float64, P{{709.7827112, 0}, {709.782712, 0}, {709.782712893384, 0}},
       [](double x, double) { return std::exp(x); }, false},
      {"sinh", "sinh(x)", DType::Float64, P{{709.5, 0}, {709.79, 0}, {710, 0}, {710.4758600739439, 0}, {-710, 0}}, sinh, false},
      {"sinh", "sinh(x)", DType::Float32, P{{88.5, 0}, {88.8, 0}, {89, 0}, {89.4, 0}, {-89, 0}}, sinh, false},
      {"cosh", "cosh(x)", DType::Float64, P{{709.5, 0}, {709.79, 0}, {710, 0}, {710.4758600739439, 0}, {-710, 0}}, cosh, false},
      {"cosh", "cosh(x)", DType::Float32, P{{88.5, 0}, {88.8, 0}, {89, 0}, {89.4, 0}, {-89, 0}}, cosh, false},
      {"arcsinh", "arcsinh(x)", DType::Float64, P{{1.4e154, 0}, {-1e200, 0}, {1e300, 0}, {DBL_MAX, 0}, {-DBL_MAX, 0}}, asinh, false},
      {"arcsinh", "arcsinh(x)", DType::Float32, P{{1.9e19, 0}, {-1e30, 0}, {3e38, 0}, {FLT_MAX, 0}}, asinh, false},
      {"arccosh", "arccosh(x)", DType::Float64, P{{1.4e154, 0}, {1e200, 0}, {1e300, 0}, {DBL_MAX, 0}}, acosh, false},
      {"arccosh", "arccosh(x)", DType::Float32, P{{1.9e19, 0}, {1e30, 0}, {3e38, 0}, {FLT_MAX, 0}}, acosh, false},
      {"log1p", "log1p(x)", DType::Float64, P{{1.1e307, 0}, {1e308, 0}, {DBL_MAX, 0}}, log1p, false},
      {"log1p", "log1p(x)", DType::Float32, P{{1.1e38, 0}, {3e38, 0}, {FLT_MAX, 0}}, log1p, false},
      {"fmod", "fmod(x, y)", DType::Float64,
       P{{1e10, 1e-300}, {-1e10, 1e-300}, {DBL_MAX, 0.5}, {1, 5e-324}, {-1, 5e-324}, {1, 1e-310}, {1e300, 1e-9}}, fmod, true},
      {"fmod", "fmod(x, y)", DType::Float32, P{{FLT_MAX, 1e-3}, {1, 1e-40}, {-1, 1e-40}, {1e30, 1e-10}}, fmod, true},
      {"pow", "x ** y", DType::Float64, P{{DBL_MAX, 1}, {-DBL_MAX, 1}, {1.7976931348623e308, 1}, {2, 1023.99999999}}, pow, false},
  };
  return table;
}

struct LimitParam {
  std::size_t index;
  Accuracy accuracy;
};
void PrintTo(const LimitParam& p, std::ostream* os) {
  *os << limit_cases()[p.index].expression << " on " << name_of(limit_cases()[p.index].type) << ", "
      << name_of(p.accuracy);
}

class SleefLimits : public ::testing::TestWithParam<LimitParam> {};

TEST_P(SleefLimits, MatchesLibm) {
  const auto [index, accuracy] = GetParam();
  const LimitCase& c = limit_cases()[index];
  const std::string what = std::string(c.expression) + " on " + name_of(c.type) + ", " + name_of(accuracy) +
                           " (outside SLEEF's range)";
  Column x(c.type), y(c.type);
  for (const auto& [a, b] : c.inputs) {
    x.add(a);
    y.add(b);
  }
  const bool binary = std::string_view(c.expression).find('y') != std::string_view::npos;
  const std::vector<const Column*> columns = binary ? std::vector<const Column*>{&x, &y} : std::vector<const Column*>{&x};
  const Kernel kernel = compile(c.expression, signature_of_columns(columns), Options{accuracy});
  const std::uint64_t tol = c.exact ? 0 : sleef_tolerance(c.type, accuracy);
  if (c.type == DType::Float32) {
    check_kernel<float>(what, kernel, columns, [&](std::size_t i) {
      return static_cast<float>(c.ref(x.get<float>(i), y.get<float>(i)));
    }, tol);
  } else {
    check_kernel<double>(what, kernel, columns, [&](std::size_t i) { return c.ref(x.get<double>(i), y.get<double>(i)); },
                         tol);
  }
}

std::vector<LimitParam> limit_params() {
  std::vector<LimitParam> params;
  for (std::size_t i = 0; i < limit_cases().size(); ++i)
    for (Accuracy a : kAccuracies) params.push_back({i, a});
  return params;
}

INSTANTIATE_TEST_SUITE_P(Functions, SleefLimits, ::testing::ValuesIn(limit_params()),
                         [](const ::testing::TestParamInfo<LimitParam>& info) {
                           const LimitCase& c = limit_cases()[info.param.index];
                           return std::string(c.function) + "_" + name_of(c.type) + "_" + name_of(info.param.accuracy);
                         });

// ------------------------------------------------------------------------------------------
// maximum, minimum: keep integer dtypes (bool -> int32); floats propagate NaN, -0 < +0

template <class T> T reference_extremum(T a, T b, bool maximum) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return a;
    if (std::isnan(b)) return b;
    if (a == 0 && b == 0) {  // IEEE maximum/minimum order -0 < +0
      const bool a_first = maximum ? !std::signbit(a) : std::signbit(a);
      return a_first ? a : b;
    }
  }
  return maximum ? std::max(a, b) : std::min(a, b);
}

struct ExtremumCase {
  const char* function;
  DType x, y;
};

void PrintTo(const ExtremumCase& c, std::ostream* os) {
  *os << c.function << "(" << name_of(c.x) << ", " << name_of(c.y) << ")";
}

class Extremum : public ::testing::TestWithParam<ExtremumCase> {};

TEST_P(Extremum, MatchesReference) {
  const auto [function, tx, ty] = GetParam();
  const bool maximum = std::string_view(function) == "maximum";
  const std::string expr = std::string(function) + "(x, y)";
  const std::string what = expr + " on " + name_of(tx) + ", " + name_of(ty);
  const std::vector<Gen> domain = {LogSigned(-320, 308), U(-2, 2), Quarters(-2, 2)};
  const Pair p = pair_sweep(tx, ty, domain, domain, function);
  const std::vector<const Column*> columns = {&p.x, &p.y};
  const DType common = promote(tx, ty);
  const DType result = common == DType::Bool ? DType::Int32 : common;
  for (Accuracy accuracy : kAccuracies) {
    const Kernel kernel = compile(expr, signature_of_columns(columns), Options{accuracy});
    with_type(result, [&]<class R>(std::type_identity<R>) {
      check_kernel<R>(what + ", " + name_of(accuracy), kernel, columns,
                      [&](std::size_t i) { return reference_extremum(p.x.get<R>(i), p.y.get<R>(i), maximum); }, 0);
    });
  }
}

std::vector<ExtremumCase> extremum_cases() {
  std::vector<ExtremumCase> cases;
  for (const char* f : {"maximum", "minimum"}) {
    for (const auto& [x, y] : kPairs) cases.push_back({f, x, y});
    cases.push_back({f, DType::Bool, DType::Int64});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Functions, Extremum, ::testing::ValuesIn(extremum_cases()),
                         [](const ::testing::TestParamInfo<ExtremumCase>& info) {
                           return std::string(info.param.function) + "_" + name_of(info.param.x) + "_" +
                                  name_of(info.param.y);
                         });

TEST(Extremum, SignedZerosAndNaN) {
  const std::vector<double> x = {0.0, -0.0, 0.0, -0.0, kNaN, 1.0, kNaN, -kInf, kInf};
  const std::vector<double> y = {-0.0, 0.0, 0.0, -0.0, 1.0, kNaN, kNaN, kInf, -kInf};
  const Array mx = evaluate("maximum(x, y)", {{"x", Array::from(x)}, {"y", Array::from(y)}});
  const Array mn = evaluate("minimum(x, y)", {{"x", Array::from(x)}, {"y", Array::from(y)}});
  const std::vector<double> max_got = mx.to_vector<double>(), min_got = mn.to_vector<double>();
  const std::vector<double> max_want = {0.0, 0.0, 0.0, -0.0, kNaN, kNaN, kNaN, kInf, kInf};
  const std::vector<double> min_want = {-0.0, -0.0, 0.0, -0.0, kNaN, kNaN, kNaN, -kInf, -kInf};
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_TRUE(float_matches(max_got[i], max_want[i], 0)) << "maximum(" << x[i] << ", " << y[i] << ") = " << max_got[i];
    EXPECT_TRUE(float_matches(min_got[i], min_want[i], 0)) << "minimum(" << x[i] << ", " << y[i] << ") = " << min_got[i];
  }
}

// ------------------------------------------------------------------------------------------
// Integer ** integer: wrapping exponentiation; negative exponents give the integer part of
// 1/x**-y (1 for x == 1, +-1 for x == -1, else 0)

template <class T> T reference_integer_power(T base, T exponent) {
  using U = std::make_unsigned_t<T>;
  if (exponent < 0) {
    if (base == 1) return 1;
    if (base == -1) return (exponent & 1) ? -1 : 1;
    return 0;
  }
  U result = 1, square = static_cast<U>(base);
  for (U e = static_cast<U>(exponent); e != 0; e >>= 1) {
    if (e & 1) result *= square;
    square *= square;
  }
  return static_cast<T>(result);
}

class IntegerPower : public ::testing::TestWithParam<TypePair> {};

TEST_P(IntegerPower, WrapsLikeRepeatedMultiplication) {
  const auto [tx, ty] = GetParam();
  const std::string what = "x ** y on " + name_of(tx) + ", " + name_of(ty);
  Pair p = pair_sweep(tx, ty, {}, {}, "integer power");
  // Small bases and exponents, where the results do not all wrap.
  Rng rng(seed_of("integer power small"));
  for (int i = 0; i < 2000; ++i) {
    p.x.add_int(tx == DType::Bool ? rng.coin() : rng.integer(-12, 12));
    p.y.add_int(ty == DType::Bool ? rng.coin() : rng.integer(-4, 45));
  }
  if (p.x.size() % 2 == 0) {
    p.x.copy_element_to_end(1);
    p.y.copy_element_to_end(1);
  }
  const std::vector<const Column*> columns = {&p.x, &p.y};
  const Kernel kernel = compile("x ** y", signature_of_columns(columns));
  with_type(promote(tx, ty), [&]<class R>(std::type_identity<R>) {
    if constexpr (std::is_integral_v<R> && !std::is_same_v<R, bool>) {
      check_kernel<R>(what, kernel, columns,
                      [&](std::size_t i) { return reference_integer_power(p.x.get<R>(i), p.y.get<R>(i)); }, 0);
    }
  });
}

INSTANTIATE_TEST_SUITE_P(Functions, IntegerPower,
                         ::testing::Values(TypePair{DType::Int32, DType::Int32}, TypePair{DType::Int64, DType::Int64},
                                           TypePair{DType::Int32, DType::Int64}, TypePair{DType::Int64, DType::Int32},
                                           TypePair{DType::Bool, DType::Int32}, TypePair{DType::Int64, DType::Bool}),
                         type_pair_name);

TEST(Power, BoolOperandsAreATypeError) {
  EXPECT_THROW(validate("x ** y", {{"x", DType::Bool}, {"y", DType::Bool}}), TypeError);
  EXPECT_THROW(compile("x ** y", {{"x", DType::Bool}, {"y", DType::Bool}}), TypeError);
}

// Constant exponents are rewritten (x*x, 1/x, 1, x); results must still equal pow's.
TEST(Power, ConstantExponents) {
  const char* exponents[] = {"2", "1", "0", "-1", "3", "-2", "0.5", "2.0", "-1.0", "0.0", "1.5"};
  for (DType type : {DType::Float64, DType::Float32, DType::Int32, DType::Int64}) {
    const Column x = unary_sweep(type, {LogSigned(-320, 308), U(-10, 10), Quarters(-4, 4)}, "constant exponents");
    const std::vector<const Column*> columns = {&x};
    for (const char* e : exponents) {
      const std::string expr = std::string("x ** ") + e;
      const std::string what = expr + " on " + name_of(type);
      const Kernel kernel = compile(expr, signature_of_columns(columns));
      const DType result = kernel.result_dtype();
      const double exponent = std::stod(e);
      with_type(result, [&]<class R>(std::type_identity<R>) {
        if constexpr (std::is_floating_point_v<R>) {
          check_kernel<R>(what, kernel, columns, [&](std::size_t i) {
            return static_cast<R>(std::pow(static_cast<double>(x.get<R>(i)), exponent));
          }, sleef_tolerance(result, Accuracy::Precise));
        } else if constexpr (!std::is_same_v<R, bool>) {
          check_kernel<R>(what, kernel, columns, [&](std::size_t i) {
            return reference_integer_power(x.get<R>(i), static_cast<R>(exponent));
          }, 0);
        }
      });
    }
  }
}

// ------------------------------------------------------------------------------------------
// where(cond, a, b): a and b promote; the condition must be bool

class Where : public ::testing::TestWithParam<TypePair> {};

TEST_P(Where, SelectsAndPromotes) {
  const auto [ta, tb] = GetParam();
  const std::string what = "where(z, x, y) on " + name_of(ta) + ", " + name_of(tb);
  const std::vector<Gen> domain = {LogSigned(-320, 308), U(-3, 3)};
  const Pair p = pair_sweep(ta, tb, domain, domain, "where");
  Column cond(DType::Bool);
  Rng rng(seed_of("where condition"));
  for (std::size_t i = 0; i < p.x.size(); ++i) cond.add_int(rng.coin());
  // Argument order in the signature is x, y, z; the expression takes z as the condition.
  const std::vector<const Column*> columns = {&p.x, &p.y, &cond};
  const Kernel kernel = compile("where(z, x, y)", signature_of_columns(columns));
  with_type(promote(ta, tb), [&]<class R>(std::type_identity<R>) {
    check_kernel<R>(what, kernel, columns, [&](std::size_t i) {
      return cond.get<bool>(i) ? p.x.get<R>(i) : p.y.get<R>(i);
    }, 0);
  });
}

std::vector<TypePair> all_dtype_pairs() {
  std::vector<TypePair> pairs;
  for (DType a : kRealComputeDTypes)
    for (DType b : kRealComputeDTypes) pairs.push_back({a, b});
  return pairs;
}

INSTANTIATE_TEST_SUITE_P(Functions, Where, ::testing::ValuesIn(all_dtype_pairs()), type_pair_name);

TEST(Where, NonBoolConditionIsATypeError) {
  for (DType type : {DType::Int32, DType::Int64, DType::Float32, DType::Float64}) {
    SCOPED_TRACE(name_of(type));
    const Signature signature = {{"c", type}, {"x", DType::Float64}, {"y", DType::Float64}};
    EXPECT_THROW(validate("where(c, x, y)", signature), TypeError);
    EXPECT_THROW(compile("where(c, x, y)", signature), TypeError);
  }
  const std::vector<std::int32_t> c = {0, 1, 2};
  const std::vector<double> x = {1, 2, 3};
  EXPECT_THROW(evaluate("where(c, x, x)", {{"c", Array::from(c)}, {"x", Array::from(x)}}), TypeError);
  EXPECT_NO_THROW(evaluate("where(c != 0, x, x)", {{"c", Array::from(c)}, {"x", Array::from(x)}}));
}

TEST(Where, ComputedConditions) {
  std::vector<double> x = double_specials();
  x.push_back(1.25);
  if (x.size() % 2 == 0) x.push_back(-3.0);
  const Array a = Array::from(x);
  const std::vector<double> clipped = evaluate("where(x > 0, x, 0)", {{"x", a}}).to_vector<double>();
  const std::vector<double> cleaned = evaluate("where(isnan(x), -1.0, x)", {{"x", a}}).to_vector<double>();
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_TRUE(float_matches(clipped[i], x[i] > 0 ? x[i] : 0.0, 0)) << "where(x > 0, x, 0), x=" << show(x[i]);
    EXPECT_TRUE(float_matches(cleaned[i], std::isnan(x[i]) ? -1.0 : x[i], 0)) << "where(isnan(x), -1.0, x), x=" << show(x[i]);
  }
}

// ------------------------------------------------------------------------------------------
// evaluate() gives the same results as compile(): default options are Precise, and options
// reach the kernel

TEST(Evaluate, MatchesKernelForEveryFunction) {
  std::vector<double> xs = double_specials();
  Rng rng(seed_of("evaluate"));
  for (int i = 0; i < 1000; ++i) xs.push_back(draw(LogSigned(-20, 3), rng, false));
  xs.push_back(0.25);  // 1000 + specials + 1 elements: odd
  if (xs.size() % 2 == 0) xs.push_back(0.75);
  std::vector<double> ys(xs.rbegin(), xs.rend());
  const Array x = Array::from(xs), y = Array::from(ys);
  std::vector<std::string> expressions;
  for (const UnaryMath& f : unary_math()) expressions.push_back(std::string(f.name) + "(x)");
  for (const BinaryMath& f : binary_math()) expressions.push_back(f.expression);
  for (const char* e : {"abs(x)", "sign(x)", "isnan(x)", "isinf(x)", "isfinite(x)", "signbit(x)", "maximum(x, y)",
                        "minimum(x, y)", "where(x < y, x, y)"})
    expressions.push_back(e);
  const Signature signature = {{"x", DType::Float64}, {"y", DType::Float64}};
  for (const std::string& expr : expressions) {
    const bool uses_y = expr.find('y') != std::string::npos;
    const Bindings bindings = uses_y ? Bindings{{"x", x}, {"y", y}} : Bindings{{"x", x}};
    const Signature sig = uses_y ? signature : Signature{signature[0]};
    for (Accuracy accuracy : kAccuracies) {
      SCOPED_TRACE(expr + ", " + name_of(accuracy));
      const Array by_evaluate = accuracy == Accuracy::Precise ? evaluate(expr, bindings)
                                                              : evaluate(expr, bindings, Options{accuracy});
      const Kernel kernel = compile(expr, sig, Options{accuracy});
      const Array by_kernel = uses_y ? kernel({x, y}) : kernel({x});
      ASSERT_EQ(by_evaluate.dtype(), by_kernel.dtype());
      with_type(by_kernel.dtype(), [&]<class R>(std::type_identity<R>) {
        const std::vector<R> a = by_evaluate.to_vector<R>(), b = by_kernel.to_vector<R>();
        ASSERT_EQ(a.size(), b.size());
        int differences = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
          if (!same_value(a[i], b[i]) && ++differences <= 3)
            ADD_FAILURE() << "x=" << show(xs[i]) << ": evaluate " << show(a[i]) << ", kernel " << show(b[i]);
      });
    }
  }
}

// A 0-d (scalar) second operand is broadcast: same values as the reference.
TEST(Evaluate, ScalarSecondOperand) {
  std::vector<double> xs = double_specials();
  if (xs.size() % 2 == 0) xs.push_back(0.3);
  const Array x = Array::from(xs);
  for (const BinaryMath& f : binary_math()) {
    for (double y : {0.0, -0.0, 2.0, -1.5, kInf, kNaN, 1e-310}) {
      SCOPED_TRACE(std::string(f.expression) + ", y=" + show(y));
      const std::vector<double> got = evaluate(f.expression, {{"x", x}, {"y", y}}).to_vector<double>();
      const std::uint64_t tol = f.exact ? 0 : f.precise_f64_tol;
      int failures = 0;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        const double want = f.ref(xs[i], y);
        if (!float_matches(got[i], want, tol) && ++failures <= 3)
          ADD_FAILURE() << "x=" << show(xs[i]) << ": got " << show(got[i]) << ", expected " << show(want);
      }
    }
  }
}

// Options reach code generation: Fast picks SLEEF's 3.5-ULP variants where they exist.
TEST(Accuracy, SelectsSleefVariant) {
  for (DType type : {DType::Float64, DType::Float32}) {
    SCOPED_TRACE(name_of(type));
    const Signature signature = {{"x", type}};
    const std::string precise = compile("sin(x)", signature).ir();
    const std::string fast = compile("sin(x)", signature, Options{Accuracy::Fast}).ir();
    EXPECT_NE(precise.find("_u10"), std::string::npos) << precise;
    EXPECT_EQ(precise.find("_u35"), std::string::npos) << precise;
    EXPECT_NE(fast.find("_u35"), std::string::npos) << fast;
    // exp has no 3.5-ULP variant: Fast uses the 1-ULP one.
    EXPECT_NE(compile("exp(x)", signature, Options{Accuracy::Fast}).ir().find("_u10"), std::string::npos);
  }
}

}  // namespace
}  // namespace exprjit
