#include "nn/openblas_coretype.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "exprjit/error.h"

namespace exprjit::nn {

CpuFeatures host_cpu_features() {
  __builtin_cpu_init();
  CpuFeatures cpu;
  cpu.ssse3 = __builtin_cpu_supports("ssse3");
  cpu.sse4_2 = __builtin_cpu_supports("sse4.2");
  cpu.avx = __builtin_cpu_supports("avx");
  cpu.avx2 = __builtin_cpu_supports("avx2");
  cpu.fma = __builtin_cpu_supports("fma");
  cpu.avx512f = __builtin_cpu_supports("avx512f");
  cpu.avx512cd = __builtin_cpu_supports("avx512cd");
  cpu.avx512bw = __builtin_cpu_supports("avx512bw");
  cpu.avx512dq = __builtin_cpu_supports("avx512dq");
  cpu.avx512vl = __builtin_cpu_supports("avx512vl");
  cpu.avx512bf16 = __builtin_cpu_supports("avx512bf16");
  return cpu;
}

std::string best_openblas_coretype(const CpuFeatures& cpu) {
  // The SkylakeX kernels use AVX-512 F/CD/BW/DQ/VL; Cooperlake adds BF16 (for sbgemm) on top.
  const bool skylake_x = cpu.avx512f && cpu.avx512cd && cpu.avx512bw && cpu.avx512dq && cpu.avx512vl &&
                         cpu.avx2 && cpu.fma;
  if (skylake_x && cpu.avx512bf16) return "Cooperlake";
  if (skylake_x) return "SkylakeX";
  if (cpu.avx2 && cpu.fma) return "Haswell";
  if (cpu.avx) return "Sandybridge";
  if (cpu.sse4_2) return "Nehalem";
  if (cpu.ssse3) return "Core2";
  return "Prescott";
}

namespace {

// Weakest first: each set needs the features of those before it.
constexpr std::array<const char*, 7> kByCapability = {"Prescott", "Core2", "Nehalem", "Sandybridge",
                                                      "Haswell", "SkylakeX", "Cooperlake"};

int capability(const std::string& name) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
  };
  for (std::size_t i = 0; i < kByCapability.size(); ++i)
    if (lower(kByCapability[i]) == lower(name)) return int(i);
  throw ValueError("unknown OpenBLAS kernel set '" + name +
                   "' (expected Prescott, Core2, Nehalem, Sandybridge, Haswell, SkylakeX or Cooperlake)");
}

}  // namespace

bool supports_openblas_coretype(const CpuFeatures& cpu, const std::string& name) {
  return capability(name) <= capability(best_openblas_coretype(cpu));
}

}  // namespace exprjit::nn
