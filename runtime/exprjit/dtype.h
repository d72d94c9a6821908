// Element types understood by exprjit, with their names, sizes and promotion order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace exprjit {

// Ordered by numexpr's "kind" order: promotion picks the larger of two kinds.
// complex64/complex128 and byte strings are planned to slot in after Float64.
enum class DType : std::uint8_t { Bool, Int32, Int64, Float32, Float64 };

inline constexpr DType kAllDTypes[] = {DType::Bool, DType::Int32, DType::Int64, DType::Float32,
                                       DType::Float64};

std::size_t itemsize(DType type);
std::string_view dtype_name(DType type);
std::optional<DType> dtype_from_name(std::string_view name);

// NumPy's casting rules, for writing a result into an output of another dtype:
//   No, Equiv   only the same dtype
//   Safe        no value can change: bool -> anything, int32 -> int64/float64, int64 -> float64,
//               float32 -> float64
//   SameKind    Safe, or within a kind / to a higher kind (bool < integer < float): int64 -> int32,
//               float64 -> float32, int64 -> float32
//   Unsafe      anything (float -> integer truncates and saturates, see docs/language.md)
enum class Casting : std::uint8_t { No, Equiv, Safe, SameKind, Unsafe };

bool can_cast(DType from, DType to, Casting casting);
std::string_view casting_name(Casting casting);
std::optional<Casting> casting_from_name(std::string_view name);  // "no", "equiv", "safe", ...

inline bool is_integer(DType type) { return type == DType::Int32 || type == DType::Int64; }
inline bool is_floating(DType type) { return type == DType::Float32 || type == DType::Float64; }
inline bool is_numeric(DType type) { return type != DType::Bool; }

template <class T> struct DTypeOf;
template <> struct DTypeOf<bool> { static constexpr DType value = DType::Bool; };
template <> struct DTypeOf<std::int32_t> { static constexpr DType value = DType::Int32; };
template <> struct DTypeOf<std::int64_t> { static constexpr DType value = DType::Int64; };
template <> struct DTypeOf<float> { static constexpr DType value = DType::Float32; };
template <> struct DTypeOf<double> { static constexpr DType value = DType::Float64; };
template <class T> inline constexpr DType dtype_of = DTypeOf<T>::value;

}  // namespace exprjit
