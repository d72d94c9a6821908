// The C++ functions kernels call for byte string operations (compiler/bytes_ops.h emits the
// calls): one call per SIMD step, which handles that step's live lanes and writes one result
// byte per lane. Byte strings are not SIMD values, and comparing them is a loop over bytes.
//
// Semantics are NumPy's for 'S' arrays: an element is its bytes without trailing NUL bytes
// (embedded NULs count); comparison is lexicographic on unsigned bytes, a proper prefix
// ordering first; contains(h, n) is whether n occurs in h (always true for an empty n).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace exprjit::bytes_helpers {

// Operation codes of exprjit_bytes_compare, in ast::BinaryOp's comparison order.
enum class Comparison : std::int32_t { Less, LessEqual, Equal, NotEqual, GreaterEqual, Greater };

struct Symbol {
  std::string_view name;
  void* address;
};
// The helpers, by the names the kernels call them; the JIT defines exactly these.
std::span<const Symbol> symbols();

}  // namespace exprjit::bytes_helpers

extern "C" {
// For lane i < count: a_i = a + i*stride_a (width_a bytes), b_i likewise, and
// out[i] = (a_i <op> b_i); out[count..lanes) = 0.
void exprjit_bytes_compare(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a,
                           std::int64_t width_a, const char* b, std::int64_t stride_b, std::int64_t width_b,
                           std::int32_t op, std::uint8_t* out);
// For i < count: copies width bytes from a + i*stride_a to out + i*stride_out.
void exprjit_bytes_copy(std::int64_t count, const char* a, std::int64_t stride_a, std::int64_t width, char* out,
                        std::int64_t stride_out);
// Same lanes as exprjit_bytes_compare; out[i] = whether b_i occurs in a_i.
void exprjit_bytes_contains(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a,
                            std::int64_t width_a, const char* b, std::int64_t stride_b, std::int64_t width_b,
                            std::uint8_t* out);
}
