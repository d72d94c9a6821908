#include "tools/accuracy/sweep.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>

#include "tools/accuracy/points.h"
#include "tools/accuracy/reference.h"

namespace exprjit::accuracy {
namespace {

template <class T> std::string show(T v) {
  char text[64];
  std::snprintf(text, sizeof text, sizeof(T) == 4 ? "%.9g (%a)" : "%.17g (%a)", static_cast<double>(v),
                static_cast<double>(v));
  return text;
}

template <class T> std::string show_input(const Points<T>& p, std::size_t i) {
  if (p.y.empty()) return "x=" + show(p.x[i]);
  return "x=" + show(p.x[i]) + ", y=" + show(p.y[i]);
}

template <class T> std::string show_worst(const ErrorStats& s, const Points<T>& p, std::span<const T> computed) {
  if (s.points == 0) return "";
  const std::size_t i = s.mismatches ? s.first_mismatch : s.worst;
  return show_input(p, i) + " -> " + show(computed[i]);
}

template <class T> Signature signature_for(const Case& c) {
  Signature signature{{"x", dtype_of<T>}};
  if (c.arity == 2) signature.push_back({"y", dtype_of<T>});
  return signature;
}

template <class T> std::vector<Operand> operands(const Points<T>& p) {
  std::vector<Operand> args{Array::from(p.x)};
  if (!p.y.empty()) args.emplace_back(Array::from(p.y));
  return args;
}

template <class T> void run_libm(const Case& c, const Points<T>& p, std::vector<T>& out) {
  out.resize(p.size());
  if constexpr (sizeof(T) == 4) {
    if (c.arity == 1) for (std::size_t i = 0; i < p.size(); ++i) out[i] = c.libm1f(p.x[i]);
    else for (std::size_t i = 0; i < p.size(); ++i) out[i] = c.libm2f(p.x[i], p.y[i]);
  } else {
    if (c.arity == 1) for (std::size_t i = 0; i < p.size(); ++i) out[i] = c.libm1(p.x[i]);
    else for (std::size_t i = 0; i < p.size(); ++i) out[i] = c.libm2(p.x[i], p.y[i]);
  }
}

double median_ns_per_element(int repeats, std::size_t n, const std::function<void()>& run) {
  run();  // warm up: page in the output, fault in code and tables
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2] / static_cast<double>(n);
}

// Timed on one thread, so that the figure is per core and comparable with glibc's loop.
template <class T> void time_modes(const Case& c, const SweepOptions& options, CaseResult& result) {
  const Points<T> p = typical_points<T>(c, options.speed_elements, options.seed);
  const std::vector<Operand> args = operands(p);
  Array out = Array::empty(dtype_of<T>, {static_cast<std::int64_t>(p.size())});
  const int threads = get_num_threads();
  set_num_threads(1);
  for (ModeResult& mode : result.modes) {
    const Kernel kernel = compile(c.expression, signature_for<T>(c), Options{mode.mode});
    mode.ns_per_element = median_ns_per_element(options.speed_repeats, p.size(), [&] { kernel(args, out.view()); });
  }
  std::vector<T> libm_out;
  result.libm_ns_per_element = median_ns_per_element(options.speed_repeats, p.size(), [&] { run_libm(c, p, libm_out); });
  set_num_threads(threads);
}

template <class T> CaseResult sweep(const Case& c, const SweepOptions& options) {
  const Points<T> p = sweep_points<T>(c, options.points, options.seed);
  const std::vector<Exact<T>> exact = exact_results<T>(c, p);
  CaseResult result{&c, dtype_of<T>, p.size(), {}, {}, {}, {}};
  const std::vector<Operand> args = operands(p);
  for (Accuracy mode : options.modes) {
    const Kernel kernel = compile(c.expression, signature_for<T>(c), Options{mode});
    const Array out = kernel(args);
    const std::span<const T> computed(out.data_as<T>(), p.size());
    const ErrorStats errors = measure<T>(computed, exact);
    result.modes.push_back({mode, errors, show_worst(errors, p, computed), std::nullopt});
  }
  std::vector<T> libm;
  run_libm(c, p, libm);
  result.libm = measure<T>(libm, exact);
  result.libm_worst_input = show_worst<T>(result.libm, p, libm);
  if (options.speed_elements > 0) time_modes<T>(c, options, result);
  return result;
}

}  // namespace

double bound_of(const Case& c, Accuracy mode) {
  if (c.bound == Bound::CorrectlyRounded) return 0.5;
  return mode == Accuracy::Fast ? 4.0 : 1.0;
}

std::string_view mode_name(Accuracy mode) { return mode == Accuracy::Fast ? "fast" : "precise"; }

CaseResult run_sweep(const Case& c, DType dtype, const SweepOptions& options) {
  if (dtype == DType::Float32) return sweep<float>(c, options);
  return sweep<double>(c, options);
}

}  // namespace exprjit::accuracy
