// OpenBLAS loading with the best kernel set for the CPU, and the GEMM wrapper's transposes.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "exprjit/error.h"
#include "nn/blas.h"
#include "nn/openblas_coretype.h"

namespace exprjit::nn {
namespace {

TEST(OpenblasCoretype, BestSetFollowsTheFeatureFlags) {
  CpuFeatures cpu;
  EXPECT_EQ(best_openblas_coretype(cpu), "Prescott");
  cpu.ssse3 = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Core2");
  cpu.sse4_2 = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Nehalem");
  cpu.avx = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Sandybridge");
  cpu.avx2 = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Sandybridge");  // Haswell kernels also need FMA
  cpu.fma = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Haswell");
  cpu.avx512f = cpu.avx512cd = cpu.avx512bw = cpu.avx512dq = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Haswell");  // SkylakeX kernels also need VL
  cpu.avx512vl = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "SkylakeX");
  cpu.avx512bf16 = true;
  EXPECT_EQ(best_openblas_coretype(cpu), "Cooperlake");

  EXPECT_TRUE(supports_openblas_coretype(cpu, "haswell"));
  CpuFeatures avx2_only;
  avx2_only.avx = avx2_only.avx2 = avx2_only.fma = true;
  EXPECT_FALSE(supports_openblas_coretype(avx2_only, "SkylakeX"));
  EXPECT_THROW(supports_openblas_coretype(cpu, "Pentium"), ValueError);
}

TEST(OpenblasCoretype, LoadedLibraryUsesTheBestSetOfThisCpu) {
  // The test environment may set OPENBLAS_CORETYPE (this machine's does: Haswell); exprjit must
  // still load the best set the CPU supports, and say so.
  const blas::Info& info = blas::info();
  EXPECT_EQ(info.corename, best_openblas_coretype(host_cpu_features()));
  EXPECT_EQ(info.chosen_by.rfind("exprjit", 0), 0u) << info.chosen_by;
  EXPECT_FALSE(info.library.empty());
}

template <class T>
void check_gemm(blas::Op op_a, blas::Op op_b) {
  const std::int64_t m = 7, n = 5, k = 9;
  std::mt19937 bits(3);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<T> a(m * k), b(k * n), c(m * n, T(1)), expected(m * n);
  for (auto& v : a) v = T(u(bits));
  for (auto& v : b) v = T(u(bits));
  const bool ta = op_a == blas::Op::Transpose, tb = op_b == blas::Op::Transpose;
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (std::int64_t p = 0; p < k; ++p) sum += double(ta ? a[p * m + i] : a[i * k + p]) * double(tb ? b[j * k + p] : b[p * n + j]);
      expected[i * n + j] = T(2 * sum + 0.5);
    }
  blas::gemm<T>(op_a, op_b, m, n, k, T(2), a.data(), ta ? m : k, b.data(), tb ? k : n, T(0.5), c.data(), n);
  for (std::int64_t i = 0; i < m * n; ++i) EXPECT_NEAR(c[i], expected[i], sizeof(T) == 4 ? 1e-4 : 1e-12);
}

TEST(Blas, GemmWithEveryTransposeCombination) {
  for (auto op_a : {blas::Op::None, blas::Op::Transpose})
    for (auto op_b : {blas::Op::None, blas::Op::Transpose}) {
      check_gemm<double>(op_a, op_b);
      check_gemm<float>(op_a, op_b);
    }
}

TEST(Blas, LevelOneHelpers) {
  std::vector<double> x{1, -4, 2}, y{1, 1, 1};
  EXPECT_DOUBLE_EQ(blas::dot<double>(3, x.data(), y.data()), -1);
  EXPECT_DOUBLE_EQ(blas::max_abs<double>(3, x.data()), 4);
  blas::axpy<double>(3, 2.0, x.data(), y.data());
  EXPECT_EQ(y, (std::vector<double>{3, -7, 5}));
  const std::vector<float> rows{1, 2, 3, 4, 5, 6}, ones{1, 1};  // 2 x 3: column sums
  std::vector<float> sums(3);
  blas::gemv_transposed<float>(2, 3, 1.0f, rows.data(), 3, ones.data(), 0.0f, sums.data());
  EXPECT_EQ(sums, (std::vector<float>{5, 7, 9}));
  EXPECT_THROW(blas::set_threads(0), ValueError);
}

}  // namespace
}  // namespace exprjit::nn
