// Element types understood by exprjit, with their names, sizes, promotion and casting rules.
#pragma once

#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace exprjit {

// Kernels compute in the *compute* dtypes: bool, int32, int64, float32, float64, complex64,
// complex128 (and compare byte strings). The narrow and unsigned integers are *storage* dtypes:
// accepted as inputs and outputs, widened on load as numexpr does (compute_type below).
enum class DType : std::uint8_t {
  Bool,
  Int8, Int16, Int32, Int64,
  UInt8, UInt16, UInt32, UInt64,
  Float32, Float64,
  Complex64, Complex128,
  Bytes,  // NumPy's 'S' dtype: fixed-width byte strings, padded with NUL bytes
};

inline constexpr DType kAllDTypes[] = {
    DType::Bool,    DType::Int8,    DType::Int16,     DType::Int32,      DType::Int64,
    DType::UInt8,   DType::UInt16,  DType::UInt32,    DType::UInt64,     DType::Float32,
    DType::Float64, DType::Complex64, DType::Complex128, DType::Bytes};
// The real dtypes kernels compute in (numexpr's bool/int/long/float/double).
inline constexpr DType kRealComputeDTypes[] = {DType::Bool, DType::Int32, DType::Int64, DType::Float32,
                                               DType::Float64};

// Bytes per element; for Bytes, the width of one character (the array's item size is its own).
std::size_t itemsize(DType type);
std::string_view dtype_name(DType type);  // NumPy's names: "int8", "complex128", "bytes"
std::optional<DType> dtype_from_name(std::string_view name);

inline bool is_signed_integer(DType type) {
  return type == DType::Int8 || type == DType::Int16 || type == DType::Int32 || type == DType::Int64;
}
inline bool is_unsigned_integer(DType type) {
  return type == DType::UInt8 || type == DType::UInt16 || type == DType::UInt32 || type == DType::UInt64;
}
inline bool is_integer(DType type) { return is_signed_integer(type) || is_unsigned_integer(type); }
inline bool is_floating(DType type) { return type == DType::Float32 || type == DType::Float64; }
inline bool is_complex(DType type) { return type == DType::Complex64 || type == DType::Complex128; }
inline bool is_inexact(DType type) { return is_floating(type) || is_complex(type); }
inline bool is_numeric(DType type) { return type != DType::Bool && type != DType::Bytes; }
// Whether kernels compute in this dtype (the others are widened on load).
bool is_compute_type(DType type);

// The dtype an input of this dtype is widened to on load: int8/int16/uint8/uint16 -> int32,
// uint32/uint64 -> int64 (numexpr's rule; uint64 values of 2**63 and more are rejected at
// evaluation time rather than wrapped); compute dtypes map to themselves.
DType compute_type(DType type);

// The common type of two compute dtypes, the type binary operators and multi-argument functions
// convert their operands to: the larger in bool < int32 < int64 < float32 < float64 (numexpr's
// order), and for complex operands complex128 when either side is complex128 or float64, else
// complex64. Byte strings only combine with byte strings; nullopt when there is no common type.
std::optional<DType> common_type(DType a, DType b);

// The real dtype of a complex one's parts (complex64 -> float32); other dtypes map to themselves.
DType real_part_type(DType type);
// The complex dtype with parts of this real dtype (float32 -> complex64, others -> complex128).
DType complex_type_of(DType type);

// NumPy's casting rules, for writing a result into an output of another dtype:
//   No, Equiv   only the same dtype
//   Safe        no value can change: bool -> anything numeric, an integer to a wider integer of
//               a kind that holds all its values, to a float (or complex) with enough mantissa
//               bits, float32 -> float64, complex64 -> complex128, reals -> complex
//   SameKind    Safe, or within a kind / to a higher kind (bool < unsigned < signed < float <
//               complex): int64 -> int32, float64 -> float32, int64 -> float32
//   Unsafe      any numeric conversion (float -> integer truncates and saturates, complex ->
//               real drops the imaginary part, see docs/language.md)
// Byte strings cast only to byte strings.
enum class Casting : std::uint8_t { No, Equiv, Safe, SameKind, Unsafe };

bool can_cast(DType from, DType to, Casting casting);
std::string_view casting_name(Casting casting);
std::optional<Casting> casting_from_name(std::string_view name);  // "no", "equiv", "safe", ...

template <class T> struct DTypeOf;
template <> struct DTypeOf<bool> { static constexpr DType value = DType::Bool; };
template <> struct DTypeOf<std::int8_t> { static constexpr DType value = DType::Int8; };
template <> struct DTypeOf<std::int16_t> { static constexpr DType value = DType::Int16; };
template <> struct DTypeOf<std::int32_t> { static constexpr DType value = DType::Int32; };
template <> struct DTypeOf<std::int64_t> { static constexpr DType value = DType::Int64; };
template <> struct DTypeOf<std::uint8_t> { static constexpr DType value = DType::UInt8; };
template <> struct DTypeOf<std::uint16_t> { static constexpr DType value = DType::UInt16; };
template <> struct DTypeOf<std::uint32_t> { static constexpr DType value = DType::UInt32; };
template <> struct DTypeOf<std::uint64_t> { static constexpr DType value = DType::UInt64; };
template <> struct DTypeOf<float> { static constexpr DType value = DType::Float32; };
template <> struct DTypeOf<double> { static constexpr DType value = DType::Float64; };
template <> struct DTypeOf<std::complex<float>> { static constexpr DType value = DType::Complex64; };
template <> struct DTypeOf<std::complex<double>> { static constexpr DType value = DType::Complex128; };
template <class T> inline constexpr DType dtype_of = DTypeOf<T>::value;

}  // namespace exprjit
