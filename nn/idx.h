// Reader for the IDX format of the MNIST files (http://yann.lecun.com/exdb/mnist/):
// a 4-byte magic (0, 0, element type, number of dimensions), big-endian uint32 dimensions, data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace exprjit::nn {

struct IdxArray {
  std::vector<std::int64_t> dims;
  std::vector<std::uint8_t> data;  // element type 0x08 (unsigned byte), C order
};

// Throws exprjit::IOError naming `source` for a missing, truncated or malformed file: wrong magic,
// an element type other than unsigned byte, 0 or more than 4 dimensions, a size that overflows,
// or a data length that does not match the dimensions (too short or trailing bytes).
IdxArray parse_idx(std::span<const std::byte> bytes, const std::string& source);
IdxArray read_idx(const std::string& path);

}  // namespace exprjit::nn
