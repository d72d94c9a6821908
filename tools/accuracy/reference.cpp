#include "tools/accuracy/reference.h"

#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace exprjit::accuracy {
namespace {

// 128 bits leave 75 bits beyond float64's 53: far more than the known hardest-to-round cases of
// the elementary functions need, so rounding this value once more to the format is correct. It
// also holds x + y exactly whenever that sum is near a tie (the lowest bit of y is then at most
// 106 bits below the top bit of x); other sums are far from a tie and round the same either way.
constexpr mpfr_prec_t kWorkingBits = 128;

// RAII for mpfr_t, which is an array type and cannot live in a container directly.
class Number {
 public:
  explicit Number(mpfr_prec_t bits) { mpfr_init2(value_, bits); }
  ~Number() { mpfr_clear(value_); }
  Number(const Number&) = delete;
  Number& operator=(const Number&) = delete;
  mpfr_ptr get() { return value_; }

 private:
  mpfr_t value_;
};

void set(mpfr_ptr to, float v) { mpfr_set_flt(to, v, MPFR_RNDN); }
void set(mpfr_ptr to, double v) { mpfr_set_d(to, v, MPFR_RNDN); }
template <class T> T get(mpfr_srcptr from);
template <> float get<float>(mpfr_srcptr from) { return mpfr_get_flt(from, MPFR_RNDN); }
template <> double get<double>(mpfr_srcptr from) { return mpfr_get_d(from, MPFR_RNDN); }

template <class T> Exact<T> describe(mpfr_ptr exact, mpfr_ptr scratch) {
  constexpr Format f = format_of<T>();
  const T rounded = get<T>(exact);
  const int subnormal_ulp = f.emin - f.precision + 1;
  if (!std::isfinite(rounded)) return {rounded, 0, 0.0};
  if (mpfr_zero_p(exact)) return {rounded, subnormal_ulp, 0.0};
  // mpfr's exponent e means 2^(e-1) <= |exact| < 2^e.
  const int exponent = static_cast<int>(mpfr_get_exp(exact)) - 1;
  const int ulp_exponent = std::max(exponent, f.emin) - f.precision + 1;
  set(scratch, rounded);
  mpfr_sub(scratch, exact, scratch, MPFR_RNDN);
  mpfr_mul_2si(scratch, scratch, -ulp_exponent, MPFR_RNDN);
  return {rounded, ulp_exponent, mpfr_get_d(scratch, MPFR_RNDN)};
}

}  // namespace

template <class T> std::vector<Exact<T>> exact_results(const Case& c, const Points<T>& points) {
  std::vector<Exact<T>> results(points.size());
  const mpfr_prec_t bits = kWorkingBits;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, points.size(), 4096), [&](const auto& range) {
    Number x(format_of<T>().precision), y(format_of<T>().precision), exact(bits), scratch(bits + 64);
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      set(x.get(), points.x[i]);
      if (c.arity == 1) {
        c.mpfr1(exact.get(), x.get(), MPFR_RNDN);
      } else {
        set(y.get(), points.y[i]);
        c.mpfr2(exact.get(), x.get(), y.get(), MPFR_RNDN);
      }
      results[i] = describe<T>(exact.get(), scratch.get());
    }
  });
  return results;
}

template std::vector<Exact<float>> exact_results<float>(const Case&, const Points<float>&);
template std::vector<Exact<double>> exact_results<double>(const Case&, const Points<double>&);

}  // namespace exprjit::accuracy
