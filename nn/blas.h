// The BLAS calls nn/ makes, served by OpenBLAS loaded at run time with the best kernel set.
//
// OpenBLAS reads OPENBLAS_CORETYPE once, when it initialises. Linking it normally would run that
// initialisation before main(), so nn/ loads it with dlopen on first use, after setting the
// variable to best_openblas_coretype() (or to EXPRJIT_BLAS_CORETYPE if set and supported by the
// CPU). If OpenBLAS is already in the process, its kernel set is kept. See docs/nn.md.
#pragma once

#include <cstdint>
#include <string>

namespace exprjit::nn::blas {

struct Info {
  std::string corename;  // openblas_get_corename(): the kernel set in use, e.g. "Cooperlake"
  std::string chosen_by; // "exprjit[, replacing OPENBLAS_CORETYPE=...]", "EXPRJIT_BLAS_CORETYPE", "already loaded, kept"
  std::string library;   // the path dlopen resolved
};

// Loads OpenBLAS if needed (thread-safe, once); throws exprjit::IOError if it cannot be loaded and
// exprjit::ValueError for an EXPRJIT_BLAS_CORETYPE the CPU cannot run.
const Info& info();

void set_threads(int n);
int threads();

enum class Op { None, Transpose };

// Row-major C = alpha * op(A) * op(B) + beta * C, with op(A) m x k and op(B) k x n.
template <class T>
void gemm(Op op_a, Op op_b, std::int64_t m, std::int64_t n, std::int64_t k, T alpha, const T* a,
          std::int64_t lda, const T* b, std::int64_t ldb, T beta, T* c, std::int64_t ldc);

// y = alpha * A^T x + beta * y for row-major A (rows x cols): column sums when x is all ones.
template <class T>
void gemv_transposed(std::int64_t rows, std::int64_t cols, T alpha, const T* a, std::int64_t lda, const T* x,
                     T beta, T* y);

template <class T> T dot(std::int64_t n, const T* x, const T* y);
template <class T> void axpy(std::int64_t n, T alpha, const T* x, T* y);  // y += alpha * x
template <class T> void scal(std::int64_t n, T alpha, T* x);              // x *= alpha
template <class T> void copy(std::int64_t n, const T* x, T* y);           // y = x
template <class T> T max_abs(std::int64_t n, const T* x);                  // max |x_i| (0 for n = 0)

}  // namespace exprjit::nn::blas
