#include "nn/idx.h"


#include "exprjit/error.h"
#include "nn/file_io.h"

namespace exprjit::nn {
namespace {

constexpr std::uint8_t kUnsignedByte = 0x08;
constexpr int kMaxDims = 4;
constexpr std::int64_t kMaxElements = std::int64_t{1} << 40;  // far beyond MNIST; keeps products exact

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw IOError("IDX file " + source + ": " + what);
}

std::uint32_t big_endian_u32(std::span<const std::byte> bytes, std::size_t offset) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | std::to_integer<std::uint32_t>(bytes[offset + i]);
  return value;
}

std::string hex_byte(std::uint8_t value) {
  constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[value >> 4] + kDigits[value & 15];
}

}  // namespace

IdxArray parse_idx(std::span<const std::byte> bytes, const std::string& source) {
  if (bytes.size() < 4) fail(source, "truncated header (" + std::to_string(bytes.size()) + " bytes)");
  if (bytes[0] != std::byte{0} || bytes[1] != std::byte{0}) fail(source, "wrong magic number (not an IDX file)");
  const auto type = std::to_integer<std::uint8_t>(bytes[2]);
  const int ndim = std::to_integer<int>(bytes[3]);
  if (type != kUnsignedByte) fail(source, "unsupported element type " + hex_byte(type) + " (only unsigned byte, 0x08)");
  if (ndim < 1 || ndim > kMaxDims) fail(source, "unsupported number of dimensions " + std::to_string(ndim));
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(ndim);
  if (bytes.size() < header) fail(source, "truncated header (" + std::to_string(bytes.size()) + " bytes)");

  IdxArray array;
  std::int64_t count = 1;
  for (int d = 0; d < ndim; ++d) {
    const std::int64_t dim = big_endian_u32(bytes, 4 + 4 * static_cast<std::size_t>(d));
    if (dim != 0 && count > kMaxElements / dim) fail(source, "dimensions too large");
    count *= dim;
    array.dims.push_back(dim);
  }
  const auto expected = static_cast<std::size_t>(count);
  const std::size_t actual = bytes.size() - header;
  if (actual < expected)
    fail(source, "truncated: " + std::to_string(expected) + " data bytes expected, " + std::to_string(actual) + " present");
  if (actual > expected) fail(source, std::to_string(actual - expected) + " unexpected bytes after the data");
  const auto* first = reinterpret_cast<const std::uint8_t*>(bytes.data() + header);
  array.data.assign(first, first + expected);
  return array;
}

IdxArray read_idx(const std::string& path) { return parse_idx(read_file(path, "IDX file"), path); }

}  // namespace exprjit::nn
