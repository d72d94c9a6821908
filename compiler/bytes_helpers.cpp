#include "compiler/bytes_helpers.h"

#include <algorithm>
#include <cstring>

namespace exprjit::bytes_helpers {
namespace {

// An element as NumPy reads it: trailing NUL bytes are padding.
std::string_view element(const char* address, std::int64_t width) {
  std::size_t length = static_cast<std::size_t>(width);
  while (length > 0 && address[length - 1] == '\0') --length;
  return {address, length};
}

// <0, 0, >0 as a compares to b; memcmp compares unsigned bytes.
int three_way(std::string_view a, std::string_view b) {
  const int prefix = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (prefix != 0) return prefix;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

template <class Predicate>
void for_lanes(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a, std::int64_t width_a,
               const char* b, std::int64_t stride_b, std::int64_t width_b, std::uint8_t* out, Predicate predicate) {
  for (std::int64_t i = 0; i < count; ++i)
    out[i] = predicate(element(a + i * stride_a, width_a), element(b + i * stride_b, width_b)) ? 1 : 0;
  for (std::int64_t i = count; i < lanes; ++i) out[i] = 0;
}

}  // namespace

std::span<const Symbol> symbols() {
  static const Symbol kSymbols[] = {
      {"exprjit_bytes_compare", reinterpret_cast<void*>(&exprjit_bytes_compare)},
      {"exprjit_bytes_contains", reinterpret_cast<void*>(&exprjit_bytes_contains)},
      {"exprjit_bytes_copy", reinterpret_cast<void*>(&exprjit_bytes_copy)},
  };
  return kSymbols;
}

}  // namespace exprjit::bytes_helpers

using exprjit::bytes_helpers::Comparison;
using exprjit::bytes_helpers::for_lanes;
using exprjit::bytes_helpers::three_way;

extern "C" void exprjit_bytes_compare(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a,
                                      std::int64_t width_a, const char* b, std::int64_t stride_b, std::int64_t width_b,
                                      std::int32_t op, std::uint8_t* out) {
  // One loop per operation, so the switch is not inside the per-element loop.
  auto run = [&](auto holds) {
    for_lanes(count, lanes, a, stride_a, width_a, b, stride_b, width_b, out,
              [&](std::string_view x, std::string_view y) { return holds(three_way(x, y)); });
  };
  switch (static_cast<Comparison>(op)) {
    case Comparison::Less: return run([](int c) { return c < 0; });
    case Comparison::LessEqual: return run([](int c) { return c <= 0; });
    case Comparison::Equal: return run([](int c) { return c == 0; });
    case Comparison::NotEqual: return run([](int c) { return c != 0; });
    case Comparison::GreaterEqual: return run([](int c) { return c >= 0; });
    case Comparison::Greater: return run([](int c) { return c > 0; });
  }
}

extern "C" void exprjit_bytes_copy(std::int64_t count, const char* a, std::int64_t stride_a, std::int64_t width,
                                   char* out, std::int64_t stride_out) {
  for (std::int64_t i = 0; i < count; ++i)
    std::memcpy(out + i * stride_out, a + i * stride_a, static_cast<std::size_t>(width));
}

extern "C" void exprjit_bytes_contains(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a,
                                       std::int64_t width_a, const char* b, std::int64_t stride_b, std::int64_t width_b,
                                       std::uint8_t* out) {
  for_lanes(count, lanes, a, stride_a, width_a, b, stride_b, width_b, out,
            [](std::string_view haystack, std::string_view needle) {
              return haystack.find(needle) != std::string_view::npos;
            });
}
