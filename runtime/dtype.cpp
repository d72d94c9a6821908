#include "exprjit/dtype.h"

#include <algorithm>

namespace exprjit {

std::size_t itemsize(DType type) {
  switch (type) {
    case DType::Bool: case DType::Int8: case DType::UInt8: case DType::Bytes: return 1;
    case DType::Int16: case DType::UInt16: return 2;
    case DType::Int32: case DType::UInt32: case DType::Float32: return 4;
    case DType::Int64: case DType::UInt64: case DType::Float64: case DType::Complex64: return 8;
    case DType::Complex128: return 16;
  }
  return 0;
}

std::string_view dtype_name(DType type) {
  switch (type) {
    case DType::Bool: return "bool";
    case DType::Int8: return "int8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::UInt8: return "uint8";
    case DType::UInt16: return "uint16";
    case DType::UInt32: return "uint32";
    case DType::UInt64: return "uint64";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Complex64: return "complex64";
    case DType::Complex128: return "complex128";
    case DType::Bytes: return "bytes";
  }
  return "?";
}

std::optional<DType> dtype_from_name(std::string_view name) {
  for (DType type : kAllDTypes)
    if (dtype_name(type) == name) return type;
  return std::nullopt;
}

bool is_compute_type(DType type) {
  switch (type) {
    case DType::Bool: case DType::Int32: case DType::Int64: case DType::Float32: case DType::Float64:
    case DType::Complex64: case DType::Complex128: case DType::Bytes:
      return true;
    default:
      return false;
  }
}

DType compute_type(DType type) {
  switch (type) {
    case DType::Int8: case DType::Int16: case DType::UInt8: case DType::UInt16: return DType::Int32;
    case DType::UInt32: case DType::UInt64: return DType::Int64;
    default: return type;
  }
}

std::optional<DType> common_type(DType a, DType b) {
  a = compute_type(a);
  b = compute_type(b);
  if (a == DType::Bytes || b == DType::Bytes) {
    if (a == b) return a;
    return std::nullopt;
  }
  if (is_complex(a) || is_complex(b)) {
    const auto wide = [](DType t) { return t == DType::Complex128 || t == DType::Float64; };
    return wide(a) || wide(b) ? DType::Complex128 : DType::Complex64;
  }
  return std::max(a, b);  // bool < int32 < int64 < float32 < float64 in the enum's order
}

DType real_part_type(DType type) {
  if (type == DType::Complex64) return DType::Float32;
  if (type == DType::Complex128) return DType::Float64;
  return type;
}

DType complex_type_of(DType type) { return type == DType::Float32 ? DType::Complex64 : DType::Complex128; }

namespace {

// NumPy's kind order for same_kind casting: b < u < i < f < c.
int kind_rank(DType type) {
  if (type == DType::Bool) return 0;
  if (is_unsigned_integer(type)) return 1;
  if (is_signed_integer(type)) return 2;
  if (is_floating(type)) return 3;
  return 4;
}

// Bits of precision a float (or each part of a complex) keeps exactly.
int mantissa_bits(DType type) { return real_part_type(type) == DType::Float32 ? 24 : 53; }

// NumPy's safe casts: no value of `from` changes in `to`.
bool safe_cast(DType from, DType to) {
  if (from == to) return true;
  if (from == DType::Bool) return true;
  const int from_bits = static_cast<int>(itemsize(from)) * 8;
  const int to_bits = static_cast<int>(itemsize(to)) * 8;
  if (is_integer(from) && is_integer(to)) {
    if (is_unsigned_integer(from) == is_unsigned_integer(to)) return to_bits > from_bits;
    return is_unsigned_integer(from) && to_bits > from_bits;  // uint8 -> int16, never int -> uint
  }
  if (is_integer(from) && is_inexact(to)) {
    // NumPy counts int64 -> float64 (and int32 -> float64) as safe although 53 bits < 63.
    const int needed = std::min(from_bits, 32);
    return needed < mantissa_bits(to) || mantissa_bits(to) == 53;
  }
  if (is_floating(from) && is_inexact(to)) return mantissa_bits(to) >= mantissa_bits(from);
  if (is_complex(from) && is_complex(to)) return mantissa_bits(to) >= mantissa_bits(from);
  return false;
}

constexpr Casting kAllCastings[] = {Casting::No, Casting::Equiv, Casting::Safe, Casting::SameKind, Casting::Unsafe};

}  // namespace

bool can_cast(DType from, DType to, Casting casting) {
  if (from == to) return true;
  if (from == DType::Bytes || to == DType::Bytes) return false;
  switch (casting) {
    case Casting::No: case Casting::Equiv: return false;
    case Casting::Safe: return safe_cast(from, to);
    case Casting::SameKind: return safe_cast(from, to) || kind_rank(from) <= kind_rank(to);
    case Casting::Unsafe: return true;
  }
  return false;
}

std::string_view casting_name(Casting casting) {
  switch (casting) {
    case Casting::No: return "no";
    case Casting::Equiv: return "equiv";
    case Casting::Safe: return "safe";
    case Casting::SameKind: return "same_kind";
    case Casting::Unsafe: return "unsafe";
  }
  return "?";
}

std::optional<Casting> casting_from_name(std::string_view name) {
  for (Casting casting : kAllCastings)
    if (casting_name(casting) == name) return casting;
  return std::nullopt;
}

}  // namespace exprjit
