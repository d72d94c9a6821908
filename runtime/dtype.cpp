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

}  // namespace exprjit
