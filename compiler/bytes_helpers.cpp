#include "compiler/bytes_helpers.h"

#include <string.h>  // memmem (GNU)

#include <algorithm>
#include <cstring>

namespace exprjit::bytes_helpers {
namespace {

// Eight bytes from `bytes` as a big-endian number, reading only the first `available` (the rest
// are the NUL padding): comparing such numbers compares the bytes unsigned, in order.
std::uint64_t chunk(const char* bytes, std::int64_t available) {
  if (available >= 8) {
    std::uint64_t value;
    std::memcpy(&value, bytes, 8);
    return __builtin_bswap64(value);
  }
  std::uint64_t value = 0;  // a short tail byte by byte: a memcpy of a variable size is a call
  for (std::int64_t i = 0; i < available; ++i)
    value |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (56 - 8 * i);
  return value;
}

// <0, 0, >0 as a compares to b, both read as padded with NULs to the wider width (NumPy's
// meaning of an 'S' element: trailing NULs do not count), eight bytes at a time.
int three_way(const char* a, std::int64_t width_a, const char* b, std::int64_t width_b) {
  const std::int64_t width = std::max(width_a, width_b);
  for (std::int64_t offset = 0; offset < width; offset += 8) {
    const std::uint64_t x = chunk(a + offset, width_a - offset), y = chunk(b + offset, width_b - offset);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

// Bytes of an element without its trailing NUL padding.
std::size_t stripped_length(const char* bytes, std::int64_t width) {
  auto length = static_cast<std::size_t>(width);
  while (length > 0 && bytes[length - 1] == '\0') --length;
  return length;
}

// A match of a needle that does not end in NUL ends at a non-NUL byte of the haystack, so
// only the needle's padding has to be removed.
bool contains(const char* haystack, std::int64_t haystack_width, const char* needle, std::size_t needle_length) {
  if (needle_length == 0) return true;
  return ::memmem(haystack, static_cast<std::size_t>(haystack_width), needle, needle_length) != nullptr;
}

template <class Holds>
void compare_lanes(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a, std::int64_t width_a,
                   const char* b, std::int64_t stride_b, std::int64_t width_b, std::uint8_t* out, Holds holds) {
  for (std::int64_t i = 0; i < count; ++i)
    out[i] = holds(three_way(a + i * stride_a, width_a, b + i * stride_b, width_b)) ? 1 : 0;
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

extern "C" void exprjit_bytes_compare(std::int64_t count, std::int64_t lanes, const char* a, std::int64_t stride_a,
                                      std::int64_t width_a, const char* b, std::int64_t stride_b, std::int64_t width_b,
                                      std::int32_t op, std::uint8_t* out) {
  // One loop per operation, so the switch is not inside the per-element loop.
  auto run = [&](auto holds) {
    exprjit::bytes_helpers::compare_lanes(count, lanes, a, stride_a, width_a, b, stride_b, width_b, out, holds);
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
  using namespace exprjit::bytes_helpers;
  const std::size_t fixed_needle = stride_b == 0 ? stripped_length(b, width_b) : 0;  // a literal or 0-d needle
  for (std::int64_t i = 0; i < count; ++i) {
    const char* needle = b + i * stride_b;
    const std::size_t length = stride_b == 0 ? fixed_needle : stripped_length(needle, width_b);
    out[i] = contains(a + i * stride_a, width_a, needle, length) ? 1 : 0;
  }
  for (std::int64_t i = count; i < lanes; ++i) out[i] = 0;
}
