// Built with -ffp-contract=off (compiler/CMakeLists.txt): NumPy's formulas below must round each
// product as NumPy's (baseline x86-64, no FMA) build does.
#include "compiler/complex_math.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "compiler/complex_functions.h"

// glibc's C99 complex functions (C++ has no <complex.h> with these; GCC and Clang accept
// _Complex in C++ as an extension).
extern "C" {
double _Complex csqrt(double _Complex);
float _Complex csqrtf(float _Complex);
double _Complex cexp(double _Complex);
float _Complex cexpf(float _Complex);
double _Complex clog(double _Complex);
float _Complex clogf(float _Complex);
double _Complex csin(double _Complex);
float _Complex csinf(float _Complex);
double _Complex ccos(double _Complex);
float _Complex ccosf(float _Complex);
double _Complex ctan(double _Complex);
float _Complex ctanf(float _Complex);
double _Complex casin(double _Complex);
float _Complex casinf(float _Complex);
double _Complex cacos(double _Complex);
float _Complex cacosf(float _Complex);
double _Complex catan(double _Complex);
float _Complex catanf(float _Complex);
double _Complex csinh(double _Complex);
float _Complex csinhf(float _Complex);
double _Complex ccosh(double _Complex);
float _Complex ccoshf(float _Complex);
double _Complex ctanh(double _Complex);
float _Complex ctanhf(float _Complex);
double _Complex casinh(double _Complex);
float _Complex casinhf(float _Complex);
double _Complex cacosh(double _Complex);
float _Complex cacoshf(float _Complex);
double _Complex catanh(double _Complex);
float _Complex catanhf(float _Complex);
double _Complex cpow(double _Complex, double _Complex);
float _Complex cpowf(float _Complex, float _Complex);
}

namespace exprjit::complex_math {
namespace {

template <class T> struct C;
template <> struct C<double> {
  using type = double _Complex;
  static constexpr double log10e = 0.434294481903251827651128918916605082;  // NPY_LOG10E
  static constexpr double log2e = 1.442695040888963407359924681001892137;   // NPY_LOG2E
};
template <> struct C<float> {
  using type = float _Complex;
  static constexpr float log10e = 0.434294481903251827651128918916605082f;
  static constexpr float log2e = 1.442695040888963407359924681001892137f;
};
template <class T> using Complex = typename C<T>::type;

template <class T> Complex<T> pack(T re, T im) {
  Complex<T> z;
  __real__ z = re;
  __imag__ z = im;
  return z;
}

// One glibc function in its double and float variants.
template <auto Double, auto Single> struct Glibc {
  template <class T> static Complex<T> call(Complex<T> z) {
    if constexpr (std::is_same_v<T, double>) return Double(z);
    else return Single(z);
  }
};

// A complex function on n lanes, in place.
template <class T, class F> void apply(T* re, T* im, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const Complex<T> z = F::template call<T>(pack(re[i], im[i]));
    re[i] = __real__ z;
    im[i] = __imag__ z;
  }
}

// NumPy's own formulas (numpy/core/src/umath/funcs.inc.src, 1.24), in the part type.
struct Expm1 {
  template <class T> static Complex<T> call(Complex<T> z) {
    const T x = __real__ z, y = __imag__ z;
    const T a = std::sin(y / 2);
    return pack<T>(std::expm1(x) * std::cos(y) - 2 * a * a, std::exp(x) * std::sin(y));
  }
};

struct Log1p {
  template <class T> static Complex<T> call(Complex<T> z) {
    const T x = __real__ z, y = __imag__ z;
    return pack<T>(std::log(std::hypot(x + 1, y)), std::atan2(y, x + 1));
  }
};

// log10 and log2: glibc's clog scaled by NumPy's constants log10(e) and log2(e).
template <bool Ten> struct ScaledLog {
  template <class T> static Complex<T> call(Complex<T> z) {
    const Complex<T> l = Glibc<clog, clogf>::call<T>(z);
    const T scale = Ten ? C<T>::log10e : C<T>::log2e;
    return pack<T>(__real__ l * scale, __imag__ l * scale);
  }
};

// NumPy's cmul and cdiv (Smith's method, with its division-by-zero branch).
template <class T> Complex<T> multiply(Complex<T> a, Complex<T> b) {
  const T ar = __real__ a, ai = __imag__ a, br = __real__ b, bi = __imag__ b;
  return pack<T>(ar * br - ai * bi, ar * bi + ai * br);
}

template <class T> Complex<T> divide(Complex<T> a, Complex<T> b) {
  const T ar = __real__ a, ai = __imag__ a, br = __real__ b, bi = __imag__ b;
  const T abs_br = std::fabs(br), abs_bi = std::fabs(bi);
  if (abs_br >= abs_bi) {
    if (abs_br == 0 && abs_bi == 0) return pack<T>(ar / abs_br, ai / abs_bi);
    const T rat = bi / br;
    const T scl = T(1) / (br + bi * rat);
    return pack<T>((ar + ai * rat) * scl, (ai - ar * rat) * scl);
  }
  const T rat = br / bi;
  const T scl = T(1) / (bi + br * rat);
  return pack<T>((ar * rat + ai) * scl, (ai * rat - ar) * scl);
}

// NumPy's nc_pow: z**0 = 1; 0**x = 0 for real x > 0, else (negative or complex exponent)
// nan+nanj; integer exponents |n| < 100 by repeated squaring (1, 2, 3 unrolled); the rest
// glibc's cpow.
template <class T> Complex<T> power(Complex<T> a, Complex<T> b) {
  const T ar = __real__ a, ai = __imag__ a, br = __real__ b, bi = __imag__ b;
  if (br == 0 && bi == 0) return pack<T>(1, 0);
  if (ar == 0 && ai == 0) {
    if (br > 0 && bi == 0) return pack<T>(0, 0);
    return pack<T>(std::numeric_limits<T>::quiet_NaN(), std::numeric_limits<T>::quiet_NaN());
  }
  // NumPy converts br to npy_intp; values outside its range never equal the conversion.
  if (bi == 0 && std::fabs(br) < T(100) && std::trunc(br) == br) {
    std::int64_t n = static_cast<std::int64_t>(br);
    if (n == 1) return a;
    if (n == 2) return multiply<T>(a, a);
    if (n == 3) return multiply<T>(a, multiply<T>(a, a));
    if (n < 0) n = -n;
    Complex<T> result = pack<T>(1, 0), p = a;
    for (std::int64_t mask = 1;; mask <<= 1) {
      if (n & mask) result = multiply<T>(result, p);
      if (n < (mask << 1)) break;
      p = multiply<T>(p, p);
    }
    return br < 0 ? divide<T>(pack<T>(1, 0), result) : result;
  }
  if constexpr (std::is_same_v<T, double>) return cpow(a, b);
  else return cpowf(a, b);
}

template <class T> void power_lanes(T* re, T* im, const T* exp_re, const T* exp_im, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const Complex<T> z = power<T>(pack(re[i], im[i]), pack(exp_re[i], exp_im[i]));
    re[i] = __real__ z;
    im[i] = __imag__ z;
  }
}

struct Row {
  std::string_view name;
  void* double_variant;
  void* float_variant;
};

template <class F> Row row(std::string_view name) {
  return {name, reinterpret_cast<void*>(&apply<double, F>), reinterpret_cast<void*>(&apply<float, F>)};
}

std::vector<Helper> make_helpers() {
  const Row rows[] = {
      row<Glibc<csqrt, csqrtf>>("sqrt"),     row<Glibc<cexp, cexpf>>("exp"),       row<Expm1>("expm1"),
      row<Glibc<clog, clogf>>("log"),        row<Log1p>("log1p"),                  row<ScaledLog<true>>("log10"),
      row<ScaledLog<false>>("log2"),         row<Glibc<csin, csinf>>("sin"),       row<Glibc<ccos, ccosf>>("cos"),
      row<Glibc<ctan, ctanf>>("tan"),        row<Glibc<casin, casinf>>("arcsin"),  row<Glibc<cacos, cacosf>>("arccos"),
      row<Glibc<catan, catanf>>("arctan"),   row<Glibc<csinh, csinhf>>("sinh"),    row<Glibc<ccosh, ccoshf>>("cosh"),
      row<Glibc<ctanh, ctanhf>>("tanh"),     row<Glibc<casinh, casinhf>>("arcsinh"),
      row<Glibc<cacosh, cacoshf>>("arccosh"), row<Glibc<catanh, catanhf>>("arctanh"),
      {"power", reinterpret_cast<void*>(&power_lanes<double>), reinterpret_cast<void*>(&power_lanes<float>)},
  };
  std::vector<Helper> helpers;
  for (const Row& row : rows) {
    helpers.push_back({complex_functions::helper_symbol(row.name, DType::Complex128), row.double_variant});
    helpers.push_back({complex_functions::helper_symbol(row.name, DType::Complex64), row.float_variant});
  }
  return helpers;
}

}  // namespace

std::span<const Helper> helpers() {
  static const std::vector<Helper> all = make_helpers();
  return all;
}

}  // namespace exprjit::complex_math
