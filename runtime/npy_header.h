// The header of a .npy file: the magic string, the version, and the Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (3,), } that describes the data after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "exprjit/array.h"

namespace exprjit::npy {

struct Header {
  DType dtype = DType::Float64;
  std::size_t itemsize = 8;  // bytes per element: itemsize(dtype), or the width n of '|S<n>'
  bool fortran_order = false;
  Shape shape;
  std::uint64_t data_offset = 0;  // bytes before the data: magic, version, length, dict
  std::uint64_t data_bytes = 0;   // element count * itemsize
};

// Bytes to read to know data_offset: the magic, the version and the widest length field.
inline constexpr std::size_t kPreambleBytes = 12;

// From the first min(kPreambleBytes, file_size) bytes of a file of `file_size` bytes: where
// the data starts. Throws IOError (naming `source`) for a wrong magic or version, or a header
// that would extend beyond the file.
std::uint64_t data_offset(std::span<const std::byte> preamble, std::uint64_t file_size, const std::string& source);

// From the first data_offset() bytes: the whole header. Checks that the file holds exactly
// data_bytes after the header (IOError), that the dtype is supported (TypeError) and that the
// shape's sizes fit in int64 (ValueError).
Header decode(std::span<const std::byte> head, std::uint64_t file_size, const std::string& source);

// The header NumPy 1.24's numpy.save writes for a C-order array of this dtype and shape
// (`width`: the item size of a Bytes array, written as '|S<width>').
std::string encode(DType dtype, const Shape& shape, std::size_t width = 0);

}  // namespace exprjit::npy
