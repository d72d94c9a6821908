// Test helper shared by the runtime tests: calls f with a value of the C++ type of a dtype.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "exprjit/dtype.h"

namespace exprjit::testing_support {

// For the dtypes kernels compute in: bool, int32, int64, float32, float64.
template <class F> void with_type(DType type, F&& f) {
  switch (type) {
    case DType::Bool: f(bool{}); return;
    case DType::Int32: f(std::int32_t{}); return;
    case DType::Int64: f(std::int64_t{}); return;
    case DType::Float32: f(float{}); return;
    case DType::Float64: f(double{}); return;
    default: throw std::logic_error("with_type: " + std::string(dtype_name(type)) + " is not a real compute dtype");
  }
}

// For every real dtype, the narrow and unsigned integers included.
template <class F> void with_real_type(DType type, F&& f) {
  switch (type) {
    case DType::Bool: f(bool{}); return;
    case DType::Int8: f(std::int8_t{}); return;
    case DType::Int16: f(std::int16_t{}); return;
    case DType::Int32: f(std::int32_t{}); return;
    case DType::Int64: f(std::int64_t{}); return;
    case DType::UInt8: f(std::uint8_t{}); return;
    case DType::UInt16: f(std::uint16_t{}); return;
    case DType::UInt32: f(std::uint32_t{}); return;
    case DType::UInt64: f(std::uint64_t{}); return;
    case DType::Float32: f(float{}); return;
    case DType::Float64: f(double{}); return;
    default: throw std::logic_error("with_real_type: no scalar C++ type for " + std::string(dtype_name(type)));
  }
}

// bool, the integers (narrow and unsigned included) and the real floats.
inline constexpr DType kRealDTypes[] = {DType::Bool,   DType::Int8,   DType::Int16,   DType::Int32,
                                        DType::Int64,  DType::UInt8,  DType::UInt16,  DType::UInt32,
                                        DType::UInt64, DType::Float32, DType::Float64};

}  // namespace exprjit::testing_support
