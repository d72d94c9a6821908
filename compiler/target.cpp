#include "compiler/target.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>

namespace exprjit::target {
namespace {

Target detect() {
  Target t;
  t.triple = llvm::sys::getProcessTriple();
  t.cpu = llvm::sys::getHostCPUName().str();
  const auto features = llvm::sys::getHostCPUFeatures();
  auto has = [&](const char* name) {
    auto it = features.find(name);
    return it != features.end() && it->second;
  };
  for (const auto& entry : features) {
    if (!t.features.empty()) t.features += ',';
    t.features += (entry.second ? "+" : "-") + entry.first().str();
  }
  if (has("avx512f") && has("avx512dq") && has("avx512vl") && has("fma")) {
    t.level = SimdLevel::Avx512;
    t.vector_bits = 512;
  } else if (has("avx2") && has("fma")) {
    t.level = SimdLevel::Avx2;
    t.vector_bits = 256;
  } else if (has("sse4.1")) {
    t.level = SimdLevel::Sse4;
    t.vector_bits = 128;
  } else {
    t.level = SimdLevel::Sse2;
    t.vector_bits = 128;
  }
  return t;
}

}  // namespace

const Target& host() {
  static const Target target = detect();
  return target;
}

std::string_view level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::Avx512: return "AVX-512";
    case SimdLevel::Avx2: return "AVX2";
    case SimdLevel::Sse4: return "SSE4.1";
    case SimdLevel::Sse2: return "SSE2";
  }
  return "?";
}

std::string_view sleef_isa(SimdLevel level, int element_bits, int lanes) {
  const int bits = element_bits * lanes;
  switch (level) {
    case SimdLevel::Avx512:
      if (bits == 512) return "avx512f";
      [[fallthrough]];
    case SimdLevel::Avx2:
      if (bits == 256) return "avx2";
      if (bits == 128) return "avx2128";
      return {};
    case SimdLevel::Sse4: return bits == 128 ? "sse4" : "";
    case SimdLevel::Sse2: return bits == 128 ? "sse2" : "";
  }
  return {};
}

}  // namespace exprjit::target
