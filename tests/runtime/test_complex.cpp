// complex64 and complex128 kernels, element by element against references written here:
//   + - * == != and unary -: the plain formulas (NumPy's, no C99 Annex G recovery);
//   /: NumPy's Smith's method with its division-by-zero branch; **: NumPy's nc_pow;
//   sqrt, exp, log, the trigonometric and hyperbolic functions: glibc's c* functions (through
//   std::complex, which libstdc++ implements with them), as NumPy calls them;
//   expm1, log1p, log10, log2: NumPy's formulas (numpy/core/src/umath/funcs.inc.src);
//   abs: hypot; sign: NumPy 1.x's (the sign of the real part, lexicographic).
// Every comparison is bit for bit (any NaN matches any NaN; zeros must have the right sign). The
// inputs are every pair of special parts (signed zeros, +-1, infinities, NaN, subnormal, huge)
// plus pseudo-random values, 1 + a multiple of every SIMD width so the masked tail runs too.
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

template <class T> using Cx = std::complex<T>;

template <class T> std::vector<Cx<T>> sample_values() {
  const T inf = std::numeric_limits<T>::infinity();
  const T parts[] = {T(0), -T(0), T(1), T(-1), T(2.5), T(-0.5), inf, -inf,
                     std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::denorm_min() * 3,
                     std::numeric_limits<T>::max() / 4, T(1e-30)};
  std::vector<Cx<T>> values;
  for (T re : parts)
    for (T im : parts) values.emplace_back(re, im);
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> uniform(-4.0, 4.0);
  while (values.size() % 64 != 1) values.emplace_back(T(uniform(random)), T(uniform(random)));
  return values;
}

template <class T> bool same_part(T a, T b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}
template <class T> bool same(Cx<T> a, Cx<T> b) { return same_part(a.real(), b.real()) && same_part(a.imag(), b.imag()); }

// ---- references ----------------------------------------------------------------------------

template <class T> Cx<T> mul(Cx<T> a, Cx<T> b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

template <class T> Cx<T> div(Cx<T> a, Cx<T> b) {
  const T ar = a.real(), ai = a.imag(), br = b.real(), bi = b.imag();
  if (std::fabs(br) >= std::fabs(bi)) {
    if (br == 0 && bi == 0) return {ar / std::fabs(br), ai / std::fabs(bi)};
    const T rat = bi / br, scl = T(1) / (br + bi * rat);
    return {(ar + ai * rat) * scl, (ai - ar * rat) * scl};
  }
  const T rat = br / bi, scl = T(1) / (bi + br * rat);
  return {(ar * rat + ai) * scl, (ai * rat - ar) * scl};
}

template <class T> Cx<T> power(Cx<T> a, Cx<T> b) {
  const T nan = std::numeric_limits<T>::quiet_NaN();
  if (b == Cx<T>(0, 0)) return {1, 0};
  if (a == Cx<T>(0, 0)) return b.real() > 0 && b.imag() == 0 ? Cx<T>(0, 0) : Cx<T>(nan, nan);
  if (b.imag() == 0 && std::fabs(b.real()) < 100 && std::trunc(b.real()) == b.real()) {
    const int n = static_cast<int>(b.real());
    if (n == 1) return a;
    if (n == 2) return mul(a, a);
    if (n == 3) return mul(a, mul(a, a));
    Cx<T> result(1, 0), p = a;
    for (int m = std::abs(n); m != 0; m >>= 1) {
      if (m & 1) result = mul(result, p);
      if (m > 1) p = mul(p, p);
    }
    return n < 0 ? div(Cx<T>(1, 0), result) : result;
  }
  return std::pow(a, b);
}

template <class T> Cx<T> numpy_expm1(Cx<T> z) {
  const T a = std::sin(z.imag() / 2);
  return {std::expm1(z.real()) * std::cos(z.imag()) - 2 * a * a, std::exp(z.real()) * std::sin(z.imag())};
}
template <class T> Cx<T> numpy_log1p(Cx<T> z) {
  return {std::log(std::hypot(z.real() + 1, z.imag())), std::atan2(z.imag(), z.real() + 1)};
}
template <class T> Cx<T> scaled_log(Cx<T> z, T scale) {
  const Cx<T> l = std::log(z);
  return {l.real() * scale, l.imag() * scale};
}

template <class T> T numpy_sign(Cx<T> z) {
  const T r = z.real(), i = z.imag();
  if ((r > 0 && !std::isnan(i)) || (r == 0 && i > 0)) return 1;
  if ((r < 0 && !std::isnan(i)) || (r == 0 && i < 0)) return -1;
  if (r == 0 && i == 0) return 0;
  return std::numeric_limits<T>::quiet_NaN();
}

template <class T> struct UnaryCase {
  const char* name;
  std::function<Cx<T>(Cx<T>)> reference;
};

template <class T> std::vector<UnaryCase<T>> unary_cases() {
  const T log10e = T(0.434294481903251827651128918916605082), log2e = T(1.442695040888963407359924681001892137);
  return {
      {"-z", [](Cx<T> z) { return Cx<T>(-z.real(), -z.imag()); }},
      {"conj(z)", [](Cx<T> z) { return Cx<T>(z.real(), -z.imag()); }},
      {"sqrt(z)", [](Cx<T> z) { return std::sqrt(z); }},
      {"exp(z)", [](Cx<T> z) { return std::exp(z); }},
      {"log(z)", [](Cx<T> z) { return std::log(z); }},
      {"sin(z)", [](Cx<T> z) { return std::sin(z); }},
      {"cos(z)", [](Cx<T> z) { return std::cos(z); }},
      {"tan(z)", [](Cx<T> z) { return std::tan(z); }},
      {"arcsin(z)", [](Cx<T> z) { return std::asin(z); }},
      {"arccos(z)", [](Cx<T> z) { return std::acos(z); }},
      {"arctan(z)", [](Cx<T> z) { return std::atan(z); }},
      {"sinh(z)", [](Cx<T> z) { return std::sinh(z); }},
      {"cosh(z)", [](Cx<T> z) { return std::cosh(z); }},
      {"tanh(z)", [](Cx<T> z) { return std::tanh(z); }},
      {"arcsinh(z)", [](Cx<T> z) { return std::asinh(z); }},
      {"arccosh(z)", [](Cx<T> z) { return std::acosh(z); }},
      {"arctanh(z)", [](Cx<T> z) { return std::atanh(z); }},
      {"expm1(z)", [](Cx<T> z) { return numpy_expm1(z); }},
      {"log1p(z)", [](Cx<T> z) { return numpy_log1p(z); }},
      {"log10(z)", [log10e](Cx<T> z) { return scaled_log(z, log10e); }},
      {"log2(z)", [log2e](Cx<T> z) { return scaled_log(z, log2e); }},
      {"sign(z)", [](Cx<T> z) { return Cx<T>(numpy_sign(z), 0); }},
      {"round(z)", [](Cx<T> z) { return Cx<T>(std::nearbyint(z.real()), std::nearbyint(z.imag())); }},
      {"z**0", [](Cx<T>) { return Cx<T>(1, 0); }},
      {"z**1", [](Cx<T> z) { return power(z, Cx<T>(1, 0)); }},
      {"z**2", [](Cx<T> z) { return power(z, Cx<T>(2, 0)); }},
      {"z**3", [](Cx<T> z) { return power(z, Cx<T>(3, 0)); }},
      {"z**-7", [](Cx<T> z) { return power(z, Cx<T>(-7, 0)); }},
      {"z**100", [](Cx<T> z) { return power(z, Cx<T>(100, 0)); }},
      {"z*complex64(2-1j)", [](Cx<T> z) { return mul(z, Cx<T>(2, -1)); }},
      {"complex64(1+1j)/z", [](Cx<T> z) { return div(Cx<T>(1, 1), z); }},
  };
}

template <class T> struct ComplexKernels : ::testing::Test {
  static constexpr DType kType = dtype_of<Cx<T>>;
  const std::vector<Cx<T>> values = sample_values<T>();
  const Array z = Array::from(values);
};
using PartTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(ComplexKernels, PartTypes);

template <class T> void expect_same(const std::vector<Cx<T>>& got, const std::vector<Cx<T>>& want,
                                    const std::vector<Cx<T>>& inputs, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  int failures = 0;
  for (std::size_t k = 0; k < got.size() && failures < 5; ++k) {
    if (same(got[k], want[k])) continue;
    ++failures;
    ADD_FAILURE() << what << " at " << inputs[k] << ": got " << got[k] << ", want " << want[k];
  }
}

TYPED_TEST(ComplexKernels, UnaryOperationsAndFunctions) {
  using T = TypeParam;
  for (const UnaryCase<T>& c : unary_cases<T>()) {
    const Array got = evaluate(c.name, {{"z", this->z}});
    ASSERT_EQ(got.dtype(), this->kType) << c.name;
    std::vector<Cx<T>> want;
    for (Cx<T> v : this->values) want.push_back(c.reference(v));
    // z**k rounds the constant exponent to the part type first (complex64 ** int stays complex64).
    expect_same(got.template to_vector<Cx<T>>(), want, this->values, c.name);
  }
}

TYPED_TEST(ComplexKernels, BinaryOperatorsOnEveryPair) {
  using T = TypeParam;
  std::vector<Cx<T>> a, b;
  for (Cx<T> x : this->values)
    for (std::size_t k = 0; k < 144; ++k) {
      a.push_back(x);
      b.push_back(this->values[k]);
    }
  const Array av = Array::from(a), bv = Array::from(b);
  const std::pair<const char*, std::function<Cx<T>(Cx<T>, Cx<T>)>> cases[] = {
      {"a + b", [](Cx<T> x, Cx<T> y) { return Cx<T>(x.real() + y.real(), x.imag() + y.imag()); }},
      {"a - b", [](Cx<T> x, Cx<T> y) { return Cx<T>(x.real() - y.real(), x.imag() - y.imag()); }},
      {"a * b", [](Cx<T> x, Cx<T> y) { return mul(x, y); }},
      {"a / b", [](Cx<T> x, Cx<T> y) { return div(x, y); }},
      {"a ** b", [](Cx<T> x, Cx<T> y) { return power(x, y); }},
  };
  for (const auto& [expression, reference] : cases) {
    const Array got = evaluate(expression, {{"a", av}, {"b", bv}});
    std::vector<Cx<T>> want;
    for (std::size_t k = 0; k < a.size(); ++k) want.push_back(reference(a[k], b[k]));
    expect_same(got.template to_vector<Cx<T>>(), want, a, expression);
  }
  const std::vector<bool> equal = evaluate("a == b", {{"a", av}, {"b", bv}}).template to_vector<bool>();
  const std::vector<bool> differ = evaluate("a != b", {{"a", av}, {"b", bv}}).template to_vector<bool>();
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(equal[k], a[k].real() == b[k].real() && a[k].imag() == b[k].imag()) << a[k] << " == " << b[k];
    EXPECT_EQ(differ[k], !(a[k].real() == b[k].real() && a[k].imag() == b[k].imag())) << a[k] << " != " << b[k];
  }
}

TYPED_TEST(ComplexKernels, RealResultsAndPredicates) {
  using T = TypeParam;
  const std::vector<T> re = evaluate("real(z)", {{"z", this->z}}).template to_vector<T>();
  const std::vector<T> im = evaluate("imag(z)", {{"z", this->z}}).template to_vector<T>();
  const std::vector<T> modulus = evaluate("abs(z)", {{"z", this->z}}).template to_vector<T>();
  const std::vector<T> hypot = evaluate("hypot(real(z), imag(z))", {{"z", this->z}}).template to_vector<T>();
  const std::vector<bool> nan = evaluate("isnan(z)", {{"z", this->z}}).template to_vector<bool>();
  const std::vector<bool> inf = evaluate("isinf(z)", {{"z", this->z}}).template to_vector<bool>();
  const std::vector<bool> finite = evaluate("isfinite(z)", {{"z", this->z}}).template to_vector<bool>();
  for (std::size_t k = 0; k < this->values.size(); ++k) {
    const Cx<T> v = this->values[k];
    EXPECT_TRUE(same_part(re[k], v.real())) << v;
    EXPECT_TRUE(same_part(im[k], v.imag())) << v;
    // abs is exprjit's hypot() of the parts (SLEEF's 0.5-ULP vector hypot): within 1 ULP of
    // glibc's, and exactly glibc's where the result is not finite or a part is zero.
    EXPECT_TRUE(same_part(modulus[k], hypot[k])) << v;
    const T reference = std::hypot(v.real(), v.imag());
    if (!std::isfinite(reference) || v.real() == 0 || v.imag() == 0) {
      EXPECT_TRUE(same_part(modulus[k], reference)) << v;
    } else {
      EXPECT_LE(std::fabs(modulus[k] - reference), std::nextafter(reference, T(INFINITY)) - reference) << v;
    }
    EXPECT_EQ(nan[k], std::isnan(v.real()) || std::isnan(v.imag())) << v;
    EXPECT_EQ(inf[k], std::isinf(v.real()) || std::isinf(v.imag())) << v;
    EXPECT_EQ(finite[k], std::isfinite(v.real()) && std::isfinite(v.imag())) << v;
  }
}

TYPED_TEST(ComplexKernels, ComplexFromPartsAndWhere) {
  using T = TypeParam;
  const Array re = evaluate("real(z)", {{"z", this->z}}), im = evaluate("imag(z)", {{"z", this->z}});
  const Array rebuilt = evaluate("complex(r, i)", {{"r", re}, {"i", im}});
  ASSERT_EQ(rebuilt.dtype(), this->kType);
  expect_same(rebuilt.template to_vector<Cx<T>>(), this->values, this->values, "complex(real(z), imag(z))");
  const Array chosen = evaluate("where(real(z) > 0, z, conj(z))", {{"z", this->z}});
  std::vector<Cx<T>> want;
  for (Cx<T> v : this->values) want.push_back(v.real() > 0 ? v : Cx<T>(v.real(), -v.imag()));
  expect_same(chosen.template to_vector<Cx<T>>(), want, this->values, "where");
}

// Strided, reversed, broadcast and 0-d inputs go through the gather/scatter loop and the
// scalar load; each must give the contiguous results.
TYPED_TEST(ComplexKernels, AnyLayout) {
  using T = TypeParam;
  const std::int64_t n = static_cast<std::int64_t>(this->values.size());
  const std::int64_t item = sizeof(Cx<T>);
  Array wide = Array::from(std::vector<Cx<T>>(2 * n, Cx<T>(7, 7)));
  for (std::int64_t k = 0; k < n; ++k) wide.template data_as<Cx<T>>()[2 * k] = this->values[k];
  const ArrayView strided(wide.data(), this->kType, {n}, {2 * item});
  const ArrayView reversed(this->z.template data_as<Cx<T>>() + (n - 1), this->kType, {n}, {-item});
  const Cx<T> scale(T(0.5), T(-2));

  const auto expected = [&](const std::vector<Cx<T>>& in) {
    std::vector<Cx<T>> out;
    for (Cx<T> v : in) out.push_back(mul(std::exp(v), scale));
    return out;
  };
  std::vector<Cx<T>> backwards(this->values.rbegin(), this->values.rend());
  expect_same(evaluate("exp(z) * s", {{"z", strided}, {"s", scale}}).template to_vector<Cx<T>>(), expected(this->values),
              this->values, "strided");
  expect_same(evaluate("exp(z) * s", {{"z", reversed}, {"s", scale}}).template to_vector<Cx<T>>(), expected(backwards),
              backwards, "reversed");

  // Strided output: every other element of a wider array, the rest untouched.
  Array target = Array::from(std::vector<Cx<T>>(2 * n, Cx<T>(9, 9)));
  evaluate("exp(z) * s", {{"z", this->z}, {"s", scale}}, ArrayView(target.data(), this->kType, {n}, {2 * item}));
  const std::vector<Cx<T>> written = target.template to_vector<Cx<T>>();
  const std::vector<Cx<T>> want = expected(this->values);
  for (std::int64_t k = 0; k < n; ++k) {
    EXPECT_TRUE(same(written[2 * k], want[k])) << k;
    EXPECT_TRUE(same(written[2 * k + 1], Cx<T>(9, 9))) << k;
  }

  // Broadcasting a column against a row.
  const Array column = Array::from<Cx<T>>({{1, 2}, {-3, 0.5}, {0, -1}}, Shape{3, 1});
  const Array row = Array::from<Cx<T>>({{2, 0}, {0, 1}, {-1, -1}, {4, 0.25}, {1, 0}}, Shape{1, 5});
  const Array grid = evaluate("c / r", {{"c", column}, {"r", row}});
  ASSERT_EQ(grid.shape(), (Shape{3, 5}));
  const std::vector<Cx<T>> cells = grid.template to_vector<Cx<T>>();
  const std::vector<Cx<T>> cs = column.template to_vector<Cx<T>>(), rs = row.template to_vector<Cx<T>>();
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j) EXPECT_TRUE(same(cells[i * 5 + j], div(cs[i], rs[j]))) << i << "," << j;
}

TYPED_TEST(ComplexKernels, MixedRealAndComplexOperands) {
  using T = TypeParam;
  std::vector<T> reals;
  for (Cx<T> v : this->values) reals.push_back(v.imag());
  const Array r = Array::from(reals);
  const Array sum = evaluate("z + r", {{"z", this->z}, {"r", r}});
  ASSERT_EQ(sum.dtype(), this->kType);  // float32 + complex64 -> complex64
  std::vector<Cx<T>> want;
  // The real operand becomes (r, +0): an imaginary part of -0 plus +0 is +0, as NumPy.
  for (std::size_t k = 0; k < reals.size(); ++k)
    want.emplace_back(this->values[k].real() + reals[k], this->values[k].imag() + T(0));
  expect_same(sum.template to_vector<Cx<T>>(), want, this->values, "z + r");

  const Array ints = Array::from<std::int32_t>({1, -2, 3});
  const Array small = Array::from<Cx<T>>({{1, 1}, {2, -2}, {-0.5, 3}});
  const Array product = evaluate("c * i", {{"c", small}, {"i", ints}});
  EXPECT_EQ(product.dtype(), this->kType);  // int32 with complex64 -> complex64 (exprjit's rule)
  expect_same(product.template to_vector<Cx<T>>(), {mul<T>({1, 1}, {1, 0}), mul<T>({2, -2}, {-2, 0}), mul<T>({-0.5, 3}, {3, 0})},
              small.template to_vector<Cx<T>>(), "c * i");

  // Narrow and unsigned integers widen on load first (uint8 -> int32), then promote as int32.
  const Array bytes = Array::from<std::uint8_t>({1, 200, 255});
  const Array scaled = evaluate("c * u", {{"c", small}, {"u", bytes}});
  EXPECT_EQ(scaled.dtype(), this->kType);
  expect_same(scaled.template to_vector<Cx<T>>(), {mul<T>({1, 1}, {1, 0}), mul<T>({2, -2}, {200, 0}), mul<T>({-0.5, 3}, {255, 0})},
              small.template to_vector<Cx<T>>(), "c * u");
}

TYPED_TEST(ComplexKernels, Reductions) {
  using T = TypeParam;
  std::vector<Cx<T>> values;
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> uniform(0.9, 1.1);
  for (int k = 0; k < 1001; ++k) values.emplace_back(T(uniform(random)), T(uniform(random) - 1));
  const Array a = Array::from(values);
  std::complex<long double> sum = 0, product = 1;
  for (Cx<T> v : values) {
    sum += std::complex<long double>(v);
    product *= std::complex<long double>(v);
  }
  const double tolerance = std::is_same_v<T, float> ? 2e-4 : 1e-12;
  const Cx<T> got_sum = evaluate("sum(a)", {{"a", a}}).template to_vector<Cx<T>>()[0];
  const Cx<T> got_product = evaluate("prod(a)", {{"a", a}}).template to_vector<Cx<T>>()[0];
  EXPECT_LT(std::abs(std::complex<long double>(got_sum) - sum), tolerance * std::abs(sum));
  EXPECT_LT(std::abs(std::complex<long double>(got_product) - product), tolerance * std::abs(product));

  // Along each axis of a 3x5 array.
  const Array m = Array::from<Cx<T>>({{1, 1}, {2, 0}, {0, 3}, {-1, 1}, {2, 2}, {1, -1}, {0, 0}, {1, 0},
                                      {3, 1}, {0, -2}, {2, 1}, {1, 1}, {-1, 0}, {0, 1}, {1, 2}},
                                     Shape{3, 5});
  const std::vector<Cx<T>> cells = m.template to_vector<Cx<T>>();
  const std::vector<Cx<T>> columns = evaluate("prod(m, axis=0)", {{"m", m}}).template to_vector<Cx<T>>();
  const std::vector<Cx<T>> rows = evaluate("sum(m, axis=1)", {{"m", m}}).template to_vector<Cx<T>>();
  for (int j = 0; j < 5; ++j) EXPECT_TRUE(same(columns[j], mul(mul(cells[j], cells[5 + j]), cells[10 + j]))) << j;
  for (int i = 0; i < 3; ++i) {
    Cx<T> total(0, 0);
    for (int j = 0; j < 5; ++j) total = Cx<T>(total.real() + cells[i * 5 + j].real(), total.imag() + cells[i * 5 + j].imag());
    EXPECT_TRUE(same(rows[i], total)) << i;
  }
  EXPECT_TRUE(same(evaluate("sum(m)", {{"m", Array::empty(this->kType, {0})}}).template to_vector<Cx<T>>()[0], Cx<T>(0, 0)));
}

TYPED_TEST(ComplexKernels, CastsAndOutputConversion) {
  using T = TypeParam;
  const Array small = Array::from<Cx<T>>({{1.5, -2}, {-0.0, 3.75}, {T(1e-30), -1}});
  const Array widened = evaluate("complex128(c)", {{"c", small}});
  ASSERT_EQ(widened.dtype(), DType::Complex128);
  const Array narrowed = evaluate("complex64(w)", {{"w", Array::from<Cx<double>>({{0.1, -1e300}, {1e-50, 3}})}});
  ASSERT_EQ(narrowed.dtype(), DType::Complex64);
  const std::vector<Cx<float>> n = narrowed.template to_vector<Cx<float>>();
  EXPECT_TRUE(same(n[0], Cx<float>(0.1f, -std::numeric_limits<float>::infinity())));
  EXPECT_TRUE(same(n[1], Cx<float>(0.0f, 3.0f)));

  // complex -> real only through out= with casting='unsafe': the real part, as NumPy.
  Array real_out = Array::empty(DType::Float64, {3});
  EXPECT_THROW(evaluate("c * 2", {{"c", small}}, real_out.view(), {}, Casting::SameKind), TypeError);
  evaluate("c * 2", {{"c", small}}, real_out.view(), {}, Casting::Unsafe);
  const std::vector<double> reals = real_out.template to_vector<double>();
  EXPECT_EQ(reals[0], 3.0);
  EXPECT_TRUE(same_part(reals[1], -0.0));
  Array flags = Array::empty(DType::Bool, {3});
  evaluate("c - 1.5", {{"c", small}}, flags.view(), {}, Casting::Unsafe);  // nonzero: either part
  EXPECT_EQ(flags.template to_vector<bool>(), (std::vector<bool>{true, true, true}));
  evaluate("c * 0", {{"c", small}}, flags.view(), {}, Casting::Unsafe);
  EXPECT_EQ(flags.template to_vector<bool>(), (std::vector<bool>{false, false, false}));
  Array wide_out = Array::empty(DType::Complex128, {3});
  evaluate("c", {{"c", small}}, wide_out.view(), {}, Casting::Safe);
  const std::vector<Cx<double>> wide = wide_out.template to_vector<Cx<double>>();
  const std::vector<Cx<T>> original = small.template to_vector<Cx<T>>();
  for (int k = 0; k < 3; ++k) EXPECT_TRUE(same(wide[k], Cx<double>(original[k]))) << k;
}

TEST(ComplexErrors, UndefinedOperationsAreTypeErrors) {
  const Array z = Array::from<Cx<double>>({{1, 2}});
  for (const char* expression : {"z < z", "z // 2", "z % 2", "z & z", "~z", "max(z)", "min(z, axis=0)", "float32(z)",
                                 "hypot(z, z)", "complex(z, 1)"})
    EXPECT_THROW(evaluate(expression, {{"z", z}}), TypeError) << expression;
}

TEST(ComplexScalars, LiteralsAndScalarOperands) {
  const Array x = Array::from<double>({1, -2});
  const std::vector<Cx<double>> got = evaluate("x * (2+3j) + z", {{"x", x}, {"z", Cx<double>(0.5, -1)}}).template to_vector<Cx<double>>();
  EXPECT_TRUE(same(got[0], Cx<double>(2.5, 2)));
  EXPECT_TRUE(same(got[1], Cx<double>(-3.5, -7)));
  const Array unit = evaluate("1j * 1j", {});
  EXPECT_TRUE(same(unit.template to_vector<Cx<double>>()[0], Cx<double>(-1, 0)));
}

}  // namespace
}  // namespace exprjit
