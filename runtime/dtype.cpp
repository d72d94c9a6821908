#include "exprjit/dtype.h"

namespace exprjit {

std::size_t itemsize(DType type) {
  switch (type) {
    case DType::Bool: return 1;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Float32: return 4;
    case DType::Float64: return 8;
  }
  return 0;
}

std::string_view dtype_name(DType type) {
  switch (type) {
    case DType::Bool: return "bool";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
  }
  return "?";
}

std::optional<DType> dtype_from_name(std::string_view name) {
  for (DType type : kAllDTypes)
    if (dtype_name(type) == name) return type;
  return std::nullopt;
}

namespace {

int kind_rank(DType type) { return type == DType::Bool ? 0 : is_integer(type) ? 1 : 2; }

bool safe_cast(DType from, DType to) {
  switch (from) {
    case DType::Bool: return true;
    case DType::Int32: return to == DType::Int32 || to == DType::Int64 || to == DType::Float64;
    case DType::Int64: return to == DType::Int64 || to == DType::Float64;
    case DType::Float32: return to == DType::Float32 || to == DType::Float64;
    case DType::Float64: return to == DType::Float64;
  }
  return false;
}

constexpr Casting kAllCastings[] = {Casting::No, Casting::Equiv, Casting::Safe, Casting::SameKind, Casting::Unsafe};

}  // namespace

bool can_cast(DType from, DType to, Casting casting) {
  if (from == to) return true;
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
