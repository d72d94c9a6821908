// What the JIT compiles for: the host CPU, its features, the SIMD width exprjit uses and the
// matching SLEEF variants. Detected once per process.
#pragma once

#include <string>
#include <string_view>

namespace exprjit::target {

// SLEEF's instruction-set families, best first.
enum class SimdLevel { Avx512, Avx2, Sse4, Sse2 };

struct Target {
  std::string triple;
  std::string cpu;        // e.g. "znver4", "skylake-avx512"
  std::string features;   // LLVM feature string, "+avx2,+fma,..."
  SimdLevel level;
  int vector_bits;        // 512, 256 or 128
};

const Target& host();
std::string_view level_name(SimdLevel level);

// SLEEF ISA tag for a vector of `lanes` elements of `element_bits` on `level`, e.g.
// (Avx512, 64, 8) -> "avx512f"; empty when SLEEF has no such variant.
std::string_view sleef_isa(SimdLevel level, int element_bits, int lanes);

}  // namespace exprjit::target
