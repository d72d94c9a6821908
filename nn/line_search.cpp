#include "nn/line_search.h"

#include <cmath>
#include <optional>

#include "nn/blas.h"

namespace exprjit::nn {
namespace {

// Minimiser of the cubic through (a, fa) with slope fpa at a, (b, fb) and (c, fc).
std::optional<double> cubic_minimum(double a, double fa, double fpa, double b, double fb, double c, double fc) {
  const double db = b - a, dc = c - a;
  const double denom = (db * dc) * (db * dc) * (db - dc);
  if (denom == 0) return std::nullopt;
  const double rb = fb - fa - fpa * db, rc = fc - fa - fpa * dc;
  const double A = (dc * dc * rb - db * db * rc) / denom;
  const double B = (-dc * dc * dc * rb + db * db * db * rc) / denom;
  const double radical = B * B - 3 * A * fpa;
  if (A == 0 || radical < 0) return std::nullopt;
  const double x = a + (-B + std::sqrt(radical)) / (3 * A);
  return std::isfinite(x) ? std::optional(x) : std::nullopt;
}

// Minimiser of the quadratic through (a, fa) with slope fpa at a and (b, fb).
std::optional<double> quadratic_minimum(double a, double fa, double fpa, double b, double fb) {
  const double db = b - a;
  if (db == 0) return std::nullopt;
  const double B = (fb - fa - fpa * db) / (db * db);
  if (B <= 0) return std::nullopt;
  const double x = a - fpa / (2 * B);
  return std::isfinite(x) ? std::optional(x) : std::nullopt;
}

template <class T>
class Search {
 public:
  Search(const Objective<T>& f, std::span<const T> x, std::span<const T> direction, double cost, double slope,
         std::span<T> x_new, std::span<T> gradient_new, const LineSearchOptions& options,
         const std::function<bool()>& accept)
      : f_(f), x_(x), p_(direction), cost0_(cost), slope0_(slope), x_new_(x_new), g_new_(gradient_new),
        options_(options), accept_(accept) {}

  LineSearchResult run(double initial_step);

 private:
  struct Point {
    double step, cost, slope;
  };

  Point evaluate(double step) {
    const auto n = static_cast<std::int64_t>(x_.size());
    blas::copy<T>(n, x_.data(), x_new_.data());
    blas::axpy<T>(n, T(step), p_.data(), x_new_.data());
    const double cost = f_(x_new_, g_new_);
    ++evaluations_;
    return {step, cost, double(blas::dot<T>(n, g_new_.data(), p_.data()))};
  }
  bool sufficient_decrease(const Point& p) const { return p.cost <= cost0_ + options_.c1 * p.step * slope0_; }
  bool curvature(const Point& p) const { return std::abs(p.slope) <= -options_.c2 * slope0_; }
  bool acceptable(const Point& p) const { return curvature(p) && (!accept_ || accept_()); }
  LineSearchResult success(const Point& p) const { return {true, p.step, p.cost, evaluations_}; }
  LineSearchResult failure() const { return {false, 0, cost0_, evaluations_}; }
  LineSearchResult zoom(Point lo, Point hi);

  const Objective<T>& f_;
  std::span<const T> x_, p_;
  double cost0_, slope0_;
  std::span<T> x_new_, g_new_;
  const LineSearchOptions& options_;
  const std::function<bool()>& accept_;
  long evaluations_ = 0;
};

template <class T>
LineSearchResult Search<T>::run(double initial_step) {
  Point previous{0, cost0_, slope0_};
  double step = std::min(initial_step, options_.max_step);
  for (int i = 0; i < options_.max_iterations; ++i) {
    if (step == 0 || previous.step == options_.max_step) break;
    const Point current = evaluate(step);
    if (!std::isfinite(current.cost)) {  // stepped out of the domain: back off
      step = 0.5 * (previous.step + step);
      continue;
    }
    if (!sufficient_decrease(current) || (i > 0 && current.cost >= previous.cost)) return zoom(previous, current);
    if (acceptable(current)) return success(current);
    if (current.slope >= 0) return zoom(current, previous);
    previous = current;
    step = std::min(2 * step, options_.max_step);
  }
  return failure();
}

template <class T>
LineSearchResult Search<T>::zoom(Point lo, Point hi) {
  constexpr double kCubicMargin = 0.2, kQuadraticMargin = 0.1;
  Point recent{0, cost0_, slope0_};
  for (int i = 0; i <= options_.max_iterations; ++i) {
    const double width = hi.step - lo.step;
    const double left = std::min(lo.step, hi.step), right = std::max(lo.step, hi.step);
    std::optional<double> step;
    if (i > 0) step = cubic_minimum(lo.step, lo.cost, lo.slope, hi.step, hi.cost, recent.step, recent.cost);
    const double cubic_check = kCubicMargin * std::abs(width);
    if (!step || *step > right - cubic_check || *step < left + cubic_check) {
      step = quadratic_minimum(lo.step, lo.cost, lo.slope, hi.step, hi.cost);
      const double quadratic_check = kQuadraticMargin * std::abs(width);
      if (!step || *step > right - quadratic_check || *step < left + quadratic_check) step = lo.step + 0.5 * width;
    }
    const Point trial = evaluate(*step);
    if (!sufficient_decrease(trial) || trial.cost >= lo.cost) {
      recent = hi;
      hi = trial;
      continue;
    }
    if (acceptable(trial)) return success(trial);
    if (trial.slope * (hi.step - lo.step) >= 0) {
      recent = hi;
      hi = lo;
    } else {
      recent = lo;
    }
    lo = trial;
  }
  return failure();
}

}  // namespace

template <class T>
LineSearchResult strong_wolfe_search(const Objective<T>& f, std::span<const T> x, std::span<const T> direction,
                                     double cost, double slope, double initial_step, std::span<T> x_new,
                                     std::span<T> gradient_new, const LineSearchOptions& options,
                                     const std::function<bool()>& accept) {
  if (!(slope < 0)) return {false, 0, cost, 0};  // not a descent direction
  return Search<T>(f, x, direction, cost, slope, x_new, gradient_new, options, accept).run(initial_step);
}

template LineSearchResult strong_wolfe_search<float>(const Objective<float>&, std::span<const float>,
                                                     std::span<const float>, double, double, double, std::span<float>,
                                                     std::span<float>, const LineSearchOptions&,
                                                     const std::function<bool()>&);
template LineSearchResult strong_wolfe_search<double>(const Objective<double>&, std::span<const double>,
                                                      std::span<const double>, double, double, double,
                                                      std::span<double>, std::span<double>, const LineSearchOptions&,
                                                      const std::function<bool()>&);

}  // namespace exprjit::nn
