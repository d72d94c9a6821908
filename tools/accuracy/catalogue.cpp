#include "tools/accuracy/catalogue.h"

#include <cmath>
#include <math.h>  // glibc's own ::exp, ::expf, ... (not the <cmath> overloads)

namespace exprjit::accuracy {
namespace {

using enum Bound;

// Natural logarithms of the format's limits: where exp-like functions overflow and underflow.
double ln_max(const Format& f) { return std::log(f.max); }
double ln_min_normal(const Format& f) { return std::log(f.min_normal); }
double ln_min_subnormal(const Format& f) { return std::log(f.min_subnormal); }

std::vector<Range> whole_line(const Format& f) { return {{-f.max, f.max}, {-100, 100}}; }
std::vector<Range> positive(const Format& f) { return {{0, f.max}, {0.25, 4}}; }
std::vector<Range> unit_interval(const Format&) { return {{-1, 1}}; }

std::vector<Range> exp_domain(const Format& f) { return {{ln_min_subnormal(f) - 1, ln_max(f) + 1}}; }
std::vector<Range> expm1_domain(const Format& f) { return {{-static_cast<double>(f.precision), ln_max(f) + 1}, {-1, 1}}; }
std::vector<Range> log1p_domain(const Format& f) { return {{-1, f.max}, {-1, 1}}; }
std::vector<Range> hyperbolic_domain(const Format& f) { return {{-ln_max(f) - 2, ln_max(f) + 2}}; }
std::vector<Range> acosh_domain(const Format& f) { return {{1, f.max}, {1, 4}}; }
std::vector<Range> tanh_domain(const Format& f) { return {{-f.max, f.max}, {-25, 25}}; }

std::vector<double> exp_hard(const Format& f) {
  return {0, 1, -1, ln_max(f), ln_min_normal(f), ln_min_subnormal(f), std::log(f.min_subnormal / 2)};
}
std::vector<double> expm1_hard(const Format& f) {
  return {0, 1, -1, ln_max(f), -std::log(2.0), -f.precision * std::log(2.0)};
}
std::vector<double> log_hard(const Format& f) { return {1, 2, 0.5, 10, f.min_normal, f.min_subnormal, f.max, 0}; }
std::vector<double> log1p_hard(const Format& f) { return {0, -1, 1, f.max, -0.5, f.min_normal}; }
std::vector<double> trig_hard(const Format&) {
  // SLEEF switches argument reduction at these magnitudes (docs: u10 holds up to 1e299 / 1e28).
  return {0, 1, 125000, 39000, 1e14, 1e15, 1e28, 1e299, 0x1.6ac5b262ca1ffp+849};
}
std::vector<double> asin_hard(const Format&) { return {0, 1, -1, 0.5, -0.5}; }
std::vector<double> atan_hard(const Format& f) { return {0, 1, -1, std::ldexp(1.0, f.precision)}; }
std::vector<double> sinh_hard(const Format& f) { return {0, 1, -1, std::log(2 * f.max), -std::log(2 * f.max)}; }
std::vector<double> tanh_hard(const Format& f) {
  const double saturation = 0.5 * std::log(2.0) * (f.precision + 1);  // tanh rounds to 1 beyond this
  return {0, 1, -1, saturation, -saturation, 0.55};
}
std::vector<double> asinh_hard(const Format& f) {
  return {0, 1, -1, std::sqrt(f.max), -std::sqrt(f.max), f.max, -f.max, std::ldexp(1.0, f.precision / 2)};
}
std::vector<double> acosh_hard(const Format& f) { return {1, std::sqrt(f.max), f.max, 2}; }
std::vector<double> atanh_hard(const Format&) { return {0, 1, -1, 0.5, -0.5}; }
std::vector<double> sqrt_hard(const Format& f) { return {0, 1, 2, 4, f.min_normal, f.min_subnormal, f.max}; }
std::vector<double> binary_hard(const Format& f) { return {0, 1, -1, f.max, -f.max, f.min_normal, f.min_subnormal}; }

// Expression order differs from MPFR's or libm's for arctan2(y, x): the sweep's x is the second
// argument of atan2.
int mpfr_atan2_xy(mpfr_ptr r, mpfr_srcptr x, mpfr_srcptr y, mpfr_rnd_t rnd) { return mpfr_atan2(r, y, x, rnd); }
double atan2_xy(double x, double y) { return std::atan2(y, x); }
float atan2f_xy(float x, float y) { return std::atan2(y, x); }

// glibc has no function for an operator: the scalar C++ operator stands in (IEEE, correctly rounded).
double add_d(double x, double y) { return x + y; }
float add_f(float x, float y) { return x + y; }
double sub_d(double x, double y) { return x - y; }
float sub_f(float x, float y) { return x - y; }
double mul_d(double x, double y) { return x * y; }
float mul_f(float x, float y) { return x * y; }
double div_d(double x, double y) { return x / y; }
float div_f(float x, float y) { return x / y; }

Case unary(std::string_view name, std::string_view expression, Mpfr1 mpfr, double (*d)(double), float (*f)(float),
           std::vector<Range> (*domain)(const Format&), std::vector<double> (*hard)(const Format&), Range typical,
           Bound bound = Transcendental) {
  Case c{name, expression, 1, bound};
  c.mpfr1 = mpfr;
  c.libm1 = d;
  c.libm1f = f;
  c.domain = domain;
  c.hard = hard;
  c.typical = typical;
  return c;
}

Case binary(std::string_view name, std::string_view expression, Mpfr2 mpfr, double (*d)(double, double),
            float (*f)(float, float), std::vector<Range> (*domain)(const Format&), Pairs pairs, Range typical,
            Bound bound = Transcendental) {
  Case c{name, expression, 2, bound};
  c.mpfr2 = mpfr;
  c.libm2 = d;
  c.libm2f = f;
  c.domain = domain;
  c.hard = binary_hard;
  c.pairs = pairs;
  c.typical = typical;
  return c;
}

Case trig(Case c) {
  c.trig = true;
  return c;
}

const std::vector<Case>& table() {
  static const std::vector<Case> cases = {
      unary("exp", "exp(x)", mpfr_exp, ::exp, ::expf, exp_domain, exp_hard, {-20, 20}),
      unary("expm1", "expm1(x)", mpfr_expm1, ::expm1, ::expm1f, expm1_domain, expm1_hard, {-5, 5}),
      unary("log", "log(x)", mpfr_log, ::log, ::logf, positive, log_hard, {1e-3, 1e3}),
      unary("log1p", "log1p(x)", mpfr_log1p, ::log1p, ::log1pf, log1p_domain, log1p_hard, {-0.5, 1e3}),
      unary("log2", "log2(x)", mpfr_log2, ::log2, ::log2f, positive, log_hard, {1e-3, 1e3}),
      unary("log10", "log10(x)", mpfr_log10, ::log10, ::log10f, positive, log_hard, {1e-3, 1e3}),
      trig(unary("sin", "sin(x)", mpfr_sin, ::sin, ::sinf, whole_line, trig_hard, {-10, 10})),
      trig(unary("cos", "cos(x)", mpfr_cos, ::cos, ::cosf, whole_line, trig_hard, {-10, 10})),
      trig(unary("tan", "tan(x)", mpfr_tan, ::tan, ::tanf, whole_line, trig_hard, {-10, 10})),
      unary("arcsin", "arcsin(x)", mpfr_asin, ::asin, ::asinf, unit_interval, asin_hard, {-1, 1}),
      unary("arccos", "arccos(x)", mpfr_acos, ::acos, ::acosf, unit_interval, asin_hard, {-1, 1}),
      unary("arctan", "arctan(x)", mpfr_atan, ::atan, ::atanf, whole_line, atan_hard, {-10, 10}),
      binary("arctan2", "arctan2(y, x)", mpfr_atan2_xy, atan2_xy, atan2f_xy, whole_line, Pairs::Angles, {-10, 10}),
      unary("sinh", "sinh(x)", mpfr_sinh, ::sinh, ::sinhf, hyperbolic_domain, sinh_hard, {-20, 20}),
      unary("cosh", "cosh(x)", mpfr_cosh, ::cosh, ::coshf, hyperbolic_domain, sinh_hard, {-20, 20}),
      unary("tanh", "tanh(x)", mpfr_tanh, ::tanh, ::tanhf, tanh_domain, tanh_hard, {-5, 5}),
      unary("arcsinh", "arcsinh(x)", mpfr_asinh, ::asinh, ::asinhf, whole_line, asinh_hard, {-100, 100}),
      unary("arccosh", "arccosh(x)", mpfr_acosh, ::acosh, ::acoshf, acosh_domain, acosh_hard, {1, 100}),
      unary("arctanh", "arctanh(x)", mpfr_atanh, ::atanh, ::atanhf, unit_interval, atanh_hard, {-0.99, 0.99}),
      unary("sqrt", "sqrt(x)", mpfr_sqrt, ::sqrt, ::sqrtf, positive, sqrt_hard, {0, 1e3}, CorrectlyRounded),
      binary("hypot", "hypot(x, y)", mpfr_hypot, ::hypot, ::hypotf, whole_line, Pairs::Magnitudes, {-100, 100}),
      binary("pow", "x**y", mpfr_pow, ::pow, ::powf, whole_line, Pairs::Powers, {0.1, 10}),
      binary("add", "x + y", mpfr_add, add_d, add_f, whole_line, Pairs::Sums, {-100, 100}, CorrectlyRounded),
      binary("sub", "x - y", mpfr_sub, sub_d, sub_f, whole_line, Pairs::Sums, {-100, 100}, CorrectlyRounded),
      binary("mul", "x * y", mpfr_mul, mul_d, mul_f, whole_line, Pairs::Products, {-100, 100}, CorrectlyRounded),
      binary("div", "x / y", mpfr_div, div_d, div_f, whole_line, Pairs::Quotients, {-100, 100}, CorrectlyRounded),
  };
  return cases;
}

}  // namespace

std::span<const Case> all_cases() { return table(); }

const Case* find_case(std::string_view name) {
  for (const Case& c : table())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace exprjit::accuracy
