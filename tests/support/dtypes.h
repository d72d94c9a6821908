// Test helper shared by the runtime tests: calls f with a value of the C++ type of a dtype.
#pragma once

#include <cstdint>

#include "exprjit/dtype.h"

namespace exprjit::testing_support {

template <class F> void with_type(DType type, F&& f) {
  switch (type) {
    case DType::Bool: f(bool{}); return;
    case DType::Int32: f(std::int32_t{}); return;
    case DType::Int64: f(std::int64_t{}); return;
    case DType::Float32: f(float{}); return;
    case DType::Float64: f(double{}); return;
  }
}

}  // namespace exprjit::testing_support
