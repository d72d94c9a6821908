// tools/demo's main job until the MNIST trainer lands: evaluates the expressions exprjit is
// built for on 10^7 elements, checks them against <cmath>, times them, and prints the LLVM IR
// of the sigmoid kernel.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

#include "exprjit/exprjit.h"

namespace {

using exprjit::Array;

double median_ms(const std::function<void()>& run, int repeats) {
  std::vector<double> times;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

struct Case {
  const char* expression;
  std::function<double(double, double)> reference;
};

}  // namespace

int main() {
  try {
    constexpr std::int64_t n = 10'000'000;
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> uniform(-5.0, 5.0);
    std::vector<double> a_values(n), b_values(n);
    for (std::int64_t i = 0; i < n; ++i) {
      a_values[i] = uniform(rng);
      b_values[i] = uniform(rng);
    }
    const Array a = Array::from(a_values), b = Array::from(b_values);
    Array out = Array::empty(exprjit::DType::Float64, {n});

    const Case cases[] = {
        {"1/(1+exp(-a))", [](double x, double) { return 1.0 / (1.0 + std::exp(-x)); }},
        {"2*a+3*b", [](double x, double y) { return 2 * x + 3 * y; }},
        {"sqrt(a*a+b*b)", [](double x, double y) { return std::sqrt(x * x + y * y); }},
        {"where(a>0, a, 0.01*a)", [](double x, double) { return x > 0 ? x : 0.01 * x; }},
        {"sin(a)**2+cos(b)**2", [](double x, double y) { return std::pow(std::sin(x), 2) + std::pow(std::cos(y), 2); }},
    };
    std::printf("%s\nthreads: %d, n = %lld float64 elements\n\n", exprjit::version_string().c_str(),
                exprjit::get_num_threads(), static_cast<long long>(n));
    std::printf("%-26s %12s %10s %14s\n", "expression", "median ms", "ns/elem", "max rel. err");
    for (const Case& c : cases) {
      const double ms = median_ms([&] { exprjit::evaluate(c.expression, {{"a", a}, {"b", b}}, out); }, 7);
      const double* y = out.data_as<double>();
      double worst = 0;
      for (std::int64_t i = 0; i < n; i += 997) {
        const double want = c.reference(a_values[i], b_values[i]);
        worst = std::max(worst, std::fabs(y[i] - want) / std::max(std::fabs(want), 1e-300));
      }
      std::printf("%-26s %12.2f %10.3f %14.2e\n", c.expression, ms, ms * 1e6 / n, worst);
    }
    const Array total = exprjit::evaluate("sum(a*b)", {{"a", a}, {"b", b}});
    std::printf("\nsum(a*b) = %.6f\n", total.at<double>({}));

    std::printf("\nLLVM IR of the sigmoid kernel (exprjit::Kernel::ir()):\n\n");
    const exprjit::Kernel sigmoid = exprjit::compile("1/(1+exp(-z))", {{"z", exprjit::DType::Float64}});
    std::printf("%s", sigmoid.ir().c_str());
    return 0;
  } catch (const exprjit::Error& error) {
    std::fprintf(stderr, "exprjit-demo: %s\n", error.what());
    return 1;
  }
}
