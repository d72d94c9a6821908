// Which OpenBLAS kernel set ("core type") this CPU can run fastest.
//
// Debian's OpenBLAS 0.3.21 is built with DYNAMIC_ARCH and picks its kernels from CPUID when it
// loads. It does not know recent CPUs (e.g. AMD Zen 5, new Xeons) and falls back to the generic
// Prescott kernels, 4-6x slower for GEMM. It honours OPENBLAS_CORETYPE at load time, so exprjit
// chooses the best set from the CPU's feature flags and sets that variable before loading it
// (nn/blas.cpp; EXPRJIT_BLAS_CORETYPE picks another set the CPU supports).
#pragma once

#include <string>

namespace exprjit::nn {

// CPU features that decide which OpenBLAS kernel sets can run (all usable by the OS, i.e. the
// register state is enabled in XCR0, which __builtin_cpu_supports checks).
struct CpuFeatures {
  bool ssse3 = false, sse4_2 = false, avx = false, avx2 = false, fma = false;
  bool avx512f = false, avx512cd = false, avx512bw = false, avx512dq = false, avx512vl = false;
  bool avx512bf16 = false;
};

CpuFeatures host_cpu_features();

// The best kernel set of Debian's OpenBLAS 0.3.21 that needs only features in `cpu`:
// Cooperlake > SkylakeX > Haswell > Sandybridge > Nehalem > Core2 > Prescott.
std::string best_openblas_coretype(const CpuFeatures& cpu);

// Whether `name` (case-insensitive, one of the sets above) only needs features in `cpu`. Throws
// exprjit::ValueError for a name that is not one of those kernel sets.
bool supports_openblas_coretype(const CpuFeatures& cpu, const std::string& name);

}  // namespace exprjit::nn
