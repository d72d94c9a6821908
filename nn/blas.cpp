#include "nn/blas.h"

#include <dlfcn.h>

#include <climits>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <string>

#include <cblas.h>

#include "exprjit/error.h"
#include "nn/openblas_coretype.h"

namespace exprjit::nn::blas {
namespace {

constexpr const char* kLibrary = "libopenblas.so.0";

// Entry points resolved with dlsym; the types come from OpenBLAS's own cblas.h.
struct Functions {
  decltype(&cblas_dgemm) dgemm = nullptr;
  decltype(&cblas_sgemm) sgemm = nullptr;
  decltype(&cblas_dgemv) dgemv = nullptr;
  decltype(&cblas_sgemv) sgemv = nullptr;
  decltype(&cblas_ddot) ddot = nullptr;
  decltype(&cblas_sdot) sdot = nullptr;
  decltype(&cblas_daxpy) daxpy = nullptr;
  decltype(&cblas_saxpy) saxpy = nullptr;
  decltype(&cblas_dscal) dscal = nullptr;
  decltype(&cblas_sscal) sscal = nullptr;
  decltype(&cblas_dcopy) dcopy = nullptr;
  decltype(&cblas_scopy) scopy = nullptr;
  decltype(&cblas_idamax) idamax = nullptr;
  decltype(&cblas_isamax) isamax = nullptr;
  decltype(&openblas_set_num_threads) set_num_threads = nullptr;
  decltype(&openblas_get_num_threads) get_num_threads = nullptr;
  decltype(&openblas_get_corename) get_corename = nullptr;
};

struct Loaded {
  Functions fn;
  Info info;
};

template <class F>
void resolve(void* handle, const char* name, F& slot) {
  slot = reinterpret_cast<F>(dlsym(handle, name));
  if (!slot) throw IOError(std::string("OpenBLAS (") + kLibrary + ") lacks " + name);
}

// Sets OPENBLAS_CORETYPE before OpenBLAS loads and says who chose it. exprjit replaces an
// inherited OPENBLAS_CORETYPE (often set once for a whole machine or for other programs) with
// the best set the CPU runs; EXPRJIT_BLAS_CORETYPE asks for a specific set, refused if the CPU
// lacks its instructions.
std::string choose_kernel_set() {
  if (dlopen(kLibrary, RTLD_NOW | RTLD_NOLOAD)) return "already loaded, kept";
  const CpuFeatures cpu = host_cpu_features();
  if (const char* requested = std::getenv("EXPRJIT_BLAS_CORETYPE"); requested && *requested) {
    if (!supports_openblas_coretype(cpu, requested))
      throw ValueError(std::string("EXPRJIT_BLAS_CORETYPE=") + requested + ": this CPU lacks its instructions");
    setenv("OPENBLAS_CORETYPE", requested, 1);
    return "EXPRJIT_BLAS_CORETYPE";
  }
  std::string chosen_by = "exprjit";
  if (const char* inherited = std::getenv("OPENBLAS_CORETYPE"); inherited && *inherited)
    chosen_by += std::string(", replacing OPENBLAS_CORETYPE=") + inherited;
  setenv("OPENBLAS_CORETYPE", best_openblas_coretype(cpu).c_str(), 1);
  return chosen_by;
}

Loaded load() {
  Loaded loaded;
  loaded.info.chosen_by = choose_kernel_set();
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_GLOBAL);
  if (!handle) throw IOError(std::string("cannot load OpenBLAS: ") + dlerror());
  Functions& fn = loaded.fn;
  resolve(handle, "cblas_dgemm", fn.dgemm);
  resolve(handle, "cblas_sgemm", fn.sgemm);
  resolve(handle, "cblas_dgemv", fn.dgemv);
  resolve(handle, "cblas_sgemv", fn.sgemv);
  resolve(handle, "cblas_ddot", fn.ddot);
  resolve(handle, "cblas_sdot", fn.sdot);
  resolve(handle, "cblas_daxpy", fn.daxpy);
  resolve(handle, "cblas_saxpy", fn.saxpy);
  resolve(handle, "cblas_dscal", fn.dscal);
  resolve(handle, "cblas_sscal", fn.sscal);
  resolve(handle, "cblas_dcopy", fn.dcopy);
  resolve(handle, "cblas_scopy", fn.scopy);
  resolve(handle, "cblas_idamax", fn.idamax);
  resolve(handle, "cblas_isamax", fn.isamax);
  resolve(handle, "openblas_set_num_threads", fn.set_num_threads);
  resolve(handle, "openblas_get_num_threads", fn.get_num_threads);
  resolve(handle, "openblas_get_corename", fn.get_corename);
  loaded.info.corename = fn.get_corename();
  Dl_info where{};
  if (dladdr(reinterpret_cast<void*>(fn.dgemm), &where) && where.dli_fname) loaded.info.library = where.dli_fname;
  return loaded;
}

const Loaded& library() {
  static const Loaded loaded = load();  // thread-safe one-time initialisation
  return loaded;
}

const Functions& fn() { return library().fn; }

// OpenBLAS takes int dimensions; nn/'s matrices are far below INT_MAX elements per dimension.
int dim(std::int64_t value) {
  if (value < 0 || value > INT_MAX) throw ValueError("BLAS dimension out of range: " + std::to_string(value));
  return static_cast<int>(value);
}

CBLAS_TRANSPOSE cblas_op(Op op) { return op == Op::Transpose ? CblasTrans : CblasNoTrans; }

}  // namespace

const Info& info() { return library().info; }

void set_threads(int n) {
  if (n < 1) throw ValueError("thread count must be at least 1, got " + std::to_string(n));
  fn().set_num_threads(n);
}

int threads() { return fn().get_num_threads(); }

template <>
void gemm<double>(Op op_a, Op op_b, std::int64_t m, std::int64_t n, std::int64_t k, double alpha, const double* a,
                  std::int64_t lda, const double* b, std::int64_t ldb, double beta, double* c, std::int64_t ldc) {
  fn().dgemm(CblasRowMajor, cblas_op(op_a), cblas_op(op_b), dim(m), dim(n), dim(k), alpha, a, dim(lda), b, dim(ldb),
             beta, c, dim(ldc));
}

template <>
void gemm<float>(Op op_a, Op op_b, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
                 std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc) {
  fn().sgemm(CblasRowMajor, cblas_op(op_a), cblas_op(op_b), dim(m), dim(n), dim(k), alpha, a, dim(lda), b, dim(ldb),
             beta, c, dim(ldc));
}

template <>
void gemv_transposed<double>(std::int64_t rows, std::int64_t cols, double alpha, const double* a, std::int64_t lda,
                             const double* x, double beta, double* y) {
  fn().dgemv(CblasRowMajor, CblasTrans, dim(rows), dim(cols), alpha, a, dim(lda), x, 1, beta, y, 1);
}

template <>
void gemv_transposed<float>(std::int64_t rows, std::int64_t cols, float alpha, const float* a, std::int64_t lda,
                            const float* x, float beta, float* y) {
  fn().sgemv(CblasRowMajor, CblasTrans, dim(rows), dim(cols), alpha, a, dim(lda), x, 1, beta, y, 1);
}

template <> double dot<double>(std::int64_t n, const double* x, const double* y) { return fn().ddot(dim(n), x, 1, y, 1); }
template <> float dot<float>(std::int64_t n, const float* x, const float* y) { return fn().sdot(dim(n), x, 1, y, 1); }
template <> void axpy<double>(std::int64_t n, double alpha, const double* x, double* y) { fn().daxpy(dim(n), alpha, x, 1, y, 1); }
template <> void axpy<float>(std::int64_t n, float alpha, const float* x, float* y) { fn().saxpy(dim(n), alpha, x, 1, y, 1); }
template <> void scal<double>(std::int64_t n, double alpha, double* x) { fn().dscal(dim(n), alpha, x, 1); }
template <> void scal<float>(std::int64_t n, float alpha, float* x) { fn().sscal(dim(n), alpha, x, 1); }
template <> void copy<double>(std::int64_t n, const double* x, double* y) { fn().dcopy(dim(n), x, 1, y, 1); }
template <> void copy<float>(std::int64_t n, const float* x, float* y) { fn().scopy(dim(n), x, 1, y, 1); }

template <> double max_abs<double>(std::int64_t n, const double* x) {
  return n == 0 ? 0.0 : std::abs(x[fn().idamax(dim(n), x, 1)]);
}
template <> float max_abs<float>(std::int64_t n, const float* x) {
  return n == 0 ? 0.0f : std::abs(x[fn().isamax(dim(n), x, 1)]);
}

}  // namespace exprjit::nn::blas
