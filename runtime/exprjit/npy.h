// NumPy .npy files: read the arrays exprjit evaluates and write its results.
//
// Versions 1.0, 2.0 and 3.0 are read; little-endian bool (|b1), int32 (<i4), int64 (<i8),
// float32 (<f4), float64 (<f8) and byte strings (|S<n>, kept at width n); C or Fortran order; any number of dimensions, including 0-d
// and empty arrays. A Fortran-order file is copied into a C-order Array, so every Array these
// functions return is C-contiguous. Errors name the file (or `source`):
//   IOError    the file cannot be opened, read or written, or it is not a well-formed .npy file
//              (magic, version, header, data size shorter or longer than the shape needs)
//   TypeError  a dtype exprjit does not hold (object, unicode, structured, big-endian, ...)
//   ValueError a shape whose element or byte count overflows int64
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "exprjit/array.h"

namespace exprjit {

Array read_npy(const std::string& path);
// The bytes of a whole .npy file; `source` names it in error messages.
Array parse_npy(std::span<const std::byte> bytes, const std::string& source = "<memory>");

// Writes `array` in C order exactly as numpy.save does (version 1.0, header padded to a multiple
// of 64 bytes; version 2.0 only when the header needs more than 65535 bytes). The file is
// written under a temporary name in the same directory and renamed into place, so a failed
// write leaves neither a partial file nor a damaged previous version.
void write_npy(const std::string& path, const ArrayView& array);
// The bytes write_npy would write.
std::vector<std::byte> serialize_npy(const ArrayView& array);

}  // namespace exprjit
