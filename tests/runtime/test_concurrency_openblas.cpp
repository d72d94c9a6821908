// exprjit next to OpenBLAS. OpenBLAS never runs user code on its own threads (it has no
// callbacks), so "called from an OpenBLAS thread" means: exprjit evaluates while OpenBLAS's
// thread pool is busy with a GEMM started from another thread, and a thread alternates between
// the two libraries, as a training loop does (nn/). Both pools then compete for the cores; the
// test checks that neither deadlocks nor corrupts the other's results.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <cblas.h>
#include <gtest/gtest.h>

#include "exprjit/exprjit.h"
#include "tests/support/watchdog.h"

namespace exprjit {
namespace {

using namespace std::chrono_literals;

constexpr int kMatrix = 256;
constexpr int kLarge = 4 * 16384 + 5;

// C = A*B with A(i,k) = (i+k) % 7 and B(k,j) = (k*j) % 5: small integers, so the double GEMM
// is exact and every element can be checked against a plain loop.
struct Gemm {
  std::vector<double> a, b, expected;
  Gemm() : a(kMatrix * kMatrix), b(kMatrix * kMatrix), expected(kMatrix * kMatrix, 0.0) {
    for (int i = 0; i < kMatrix; ++i)
      for (int k = 0; k < kMatrix; ++k) {
        a[i * kMatrix + k] = (i + k) % 7;
        b[i * kMatrix + k] = (i * k) % 5;
      }
    for (int i = 0; i < kMatrix; ++i)
      for (int k = 0; k < kMatrix; ++k)
        for (int j = 0; j < kMatrix; ++j) expected[i * kMatrix + j] += a[i * kMatrix + k] * b[k * kMatrix + j];
  }
  bool run_and_check() const {
    std::vector<double> c(kMatrix * kMatrix, -1.0);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, kMatrix, kMatrix, kMatrix, 1.0, a.data(), kMatrix,
                b.data(), kMatrix, 0.0, c.data(), kMatrix);
    return c == expected;
  }
};

bool evaluate_and_check(int seed) {
  std::vector<std::int64_t> x(kLarge);
  std::int64_t expected = 0;
  for (int i = 0; i < kLarge; ++i) {
    x[i] = (i + seed) % 101 - 50;
    expected += x[i] * x[i] + seed;
  }
  const Array total = evaluate("sum(x*x + " + std::to_string(seed) + ")", {{"x", Array::from(x)}});
  return total.at<std::int64_t>({}) == expected;
}

TEST(ConcurrencyOpenBLAS, EvaluateWhileGemmRuns) {
  const int threads_before = get_num_threads();
  set_num_threads(2);
  const Gemm gemm;
  std::atomic<int> gemm_failures{0}, evaluate_failures{0}, gemms{0};
  exprjit::testing_support::run_with_watchdog(300s, "exprjit next to OpenBLAS", [&] {
    std::atomic<bool> stop{false};
    std::thread blas([&] {
      while (!stop.load()) {
        if (!gemm.run_and_check()) gemm_failures.fetch_add(1);
        gemms.fetch_add(1);
      }
    });
    std::vector<std::thread> evaluators;
    for (int t = 0; t < 2; ++t)
      evaluators.emplace_back([&, t] {
        for (int i = 0; i < 15; ++i)
          if (!evaluate_and_check(t * 100 + i % 3)) evaluate_failures.fetch_add(1);
      });
    // One thread alternating between the two libraries.
    for (int i = 0; i < 5; ++i) {
      if (!gemm.run_and_check()) gemm_failures.fetch_add(1);
      if (!evaluate_and_check(7)) evaluate_failures.fetch_add(1);
    }
    for (std::thread& evaluator : evaluators) evaluator.join();
    stop.store(true);
    blas.join();
  });
  set_num_threads(threads_before);
  EXPECT_GT(gemms.load(), 0);
  EXPECT_EQ(gemm_failures.load(), 0);
  EXPECT_EQ(evaluate_failures.load(), 0);
}

}  // namespace
}  // namespace exprjit
