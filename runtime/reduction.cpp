#include "runtime/reduction.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>

#include "exprjit/error.h"

namespace exprjit::reduction {
namespace {

using ast::ReduceOp;

template <class T> inline constexpr bool is_complex_v = false;
template <class T> inline constexpr bool is_complex_v<std::complex<T>> = true;

// The same identities and combining rules as the generated code (compiler/vector_ops.cpp):
// integer arithmetic wraps, min/max propagate NaN and order -0 below +0.
template <class T> T identity(ReduceOp op) {
  switch (op) {
    case ReduceOp::Sum: return T(0);
    case ReduceOp::Prod: return T(1);
    case ReduceOp::Min:
      if constexpr (is_complex_v<T>) break;  // rejected by the type checker
      else if constexpr (std::is_floating_point_v<T>) return std::numeric_limits<T>::infinity();
      else return std::numeric_limits<T>::max();
    case ReduceOp::Max:
      if constexpr (is_complex_v<T>) break;
      else if constexpr (std::is_floating_point_v<T>) return -std::numeric_limits<T>::infinity();
      else return std::numeric_limits<T>::lowest();
  }
  return T(0);
}

template <class T> T combine(ReduceOp op, T a, T b) {
  if constexpr (is_complex_v<T>) {
    // The kernel's formulas (compiler/complex_ops.cpp): NumPy's plain product, not
    // std::complex's, which recovers infinities (C99 Annex G).
    if (op == ReduceOp::Sum) return a + b;
    return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
  } else if constexpr (std::is_same_v<T, bool>) {
    if (op == ReduceOp::Min) return a && b;
    return a || b;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    switch (op) {
      case ReduceOp::Sum: return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
      case ReduceOp::Prod: return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
      case ReduceOp::Min: return std::min(a, b);
      case ReduceOp::Max: return std::max(a, b);
    }
  } else {
    switch (op) {
      case ReduceOp::Sum: return a + b;
      case ReduceOp::Prod: return a * b;
      case ReduceOp::Min:
        if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
        if (a == b) return std::signbit(a) ? a : b;
        return a < b ? a : b;
      case ReduceOp::Max:
        if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<T>::quiet_NaN();
        if (a == b) return std::signbit(a) ? b : a;
        return a > b ? a : b;
    }
  }
  return a;
}

template <class F> void with_type(DType type, F&& f) {
  switch (type) {
    case DType::Bool: f(bool{}); break;
    case DType::Int32: f(std::int32_t{}); break;
    case DType::Int64: f(std::int64_t{}); break;
    case DType::Float32: f(float{}); break;
    case DType::Float64: f(double{}); break;
    case DType::Complex64: f(std::complex<float>{}); break;
    case DType::Complex128: f(std::complex<double>{}); break;
    default: throw TypeError("internal error: reduction in " + std::string(dtype_name(type)));
  }
}

void check_not_empty(ReduceOp op) {
  if (op == ReduceOp::Min || op == ReduceOp::Max)
    throw ValueError(std::string("zero-size array to reduction operation ") + ast::op_name(op) +
                     " which has no identity");
}

// Fills every element of a C-contiguous array with the reduction's identity.
void fill_identity(ReduceOp op, const ArrayView& out) {
  with_type(out.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T* data = static_cast<T*>(out.data());
    std::fill(data, data + out.size(), identity<T>(op));
  });
}

int normalized_axis(const CompiledKernel& kernel, std::size_t ndim) {
  const int axis = *kernel.axis;
  const int rank = static_cast<int>(ndim);
  if (axis < -rank || axis >= rank) {
    throw ValueError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " +
                     std::to_string(rank));
  }
  return axis < 0 ? axis + rank : axis;
}

void run_full(const CompiledKernel& kernel, const Shape& shape, const std::vector<executor::Operand>& inputs,
              const ArrayView& out) {
  const ReduceOp op = *kernel.reduction;
  const std::int64_t total = element_count(shape);
  if (total == 0) check_not_empty(op);
  const std::int64_t chunks = std::max<std::int64_t>(1, (total + executor::kChunkElements - 1) / executor::kChunkElements);
  // One partial result per chunk, folded in chunk order: the same answer for any thread count.
  Array partials = Array::empty(kernel.result, {chunks});
  fill_identity(op, partials);
  std::vector<executor::Operand> operands{{static_cast<char*>(partials.data()), Strides(shape.size(), 0)}};
  operands.insert(operands.end(), inputs.begin(), inputs.end());
  const executor::Loop loop = executor::make_loop(shape, std::move(operands));
  const auto step = static_cast<std::int64_t>(itemsize(kernel.result));
  executor::for_each_chunk(chunks, total, [&](std::int64_t chunk) {
    std::vector<std::int64_t> offsets(loop.operands.size(), 0);
    offsets[0] = chunk * step;
    executor::run_range(kernel.kernels, loop, chunk * executor::kChunkElements,
                        std::min(total, (chunk + 1) * executor::kChunkElements), offsets);
  });
  with_type(kernel.result, [&](auto tag) {
    using T = decltype(tag);
    const T* values = partials.data_as<T>();
    T folded = identity<T>(op);
    for (std::int64_t i = 0; i < chunks; ++i) folded = combine(op, folded, values[i]);
    *static_cast<T*>(out.data()) = folded;
  });
}

// Reduces along one axis. When the axis is the operands' fastest-varying one, each output
// element folds one contiguous run; otherwise whole rows are folded element-wise into the
// output, keeping memory access contiguous. Work is split so no two tasks share an output.
void run_axis(const CompiledKernel& kernel, const Shape& shape, const std::vector<executor::Operand>& inputs,
              const ArrayView& out) {
  const ReduceOp op = *kernel.reduction;
  const int axis = normalized_axis(kernel, shape.size());
  if (shape[axis] == 0) check_not_empty(op);
  fill_identity(op, out);
  if (out.size() == 0 || shape[axis] == 0) return;

  Strides out_strides = out.strides();
  out_strides.insert(out_strides.begin() + axis, 0);
  std::vector<executor::Operand> operands{{static_cast<char*>(out.data()), out_strides}};
  operands.insert(operands.end(), inputs.begin(), inputs.end());

  // Is the reduced axis the smallest stride of the first streamed input?
  bool axis_fastest = true;
  for (std::size_t k = 1; k < operands.size(); ++k) {
    const Strides& strides = operands[k].strides;
    if (strides[axis] == 0) continue;
    for (std::size_t d = 0; d < shape.size(); ++d)
      if (static_cast<int>(d) != axis && shape[d] > 1 && std::llabs(strides[d]) < std::llabs(strides[axis]))
        axis_fastest = false;
    break;
  }

  auto move_axis = [&](Shape dims, std::vector<executor::Operand> ops, bool to_end) {
    auto rotate = [&](auto& values) {
      auto value = values[axis];
      values.erase(values.begin() + axis);
      if (to_end) values.push_back(value);
      else values.insert(values.begin(), value);
    };
    rotate(dims);
    for (auto& operand : ops) rotate(operand.strides);
    return std::make_pair(dims, ops);
  };

  if (axis_fastest) {
    auto [dims, ops] = move_axis(shape, operands, true);
    const std::int64_t length = dims.back();
    const std::int64_t rows = element_count(dims) / length;
    // make_loop would merge the reduced axis with nothing (the output's stride there is 0).
    const executor::Loop loop = executor::make_loop(dims, ops);
    const std::int64_t rows_per_chunk = std::max<std::int64_t>(1, executor::kChunkElements / length);
    const std::int64_t chunks = (rows + rows_per_chunk - 1) / rows_per_chunk;
    executor::for_each_chunk(chunks, rows * length, [&](std::int64_t chunk) {
      const std::int64_t first = chunk * rows_per_chunk, last = std::min(rows, first + rows_per_chunk);
      executor::run_range(kernel.kernels, loop, first * length, last * length);
    });
    return;
  }
  auto [dims, ops] = move_axis(shape, operands, false);
  const std::int64_t length = dims.front();
  std::vector<std::int64_t> axis_strides;
  for (auto& operand : ops) axis_strides.push_back(operand.strides.front());
  Shape rest(dims.begin() + 1, dims.end());
  for (auto& operand : ops) operand.strides.erase(operand.strides.begin());
  const executor::Loop loop = executor::make_loop(rest, ops);
  const std::int64_t total = loop.size();
  const std::int64_t chunks = (total + executor::kChunkElements - 1) / executor::kChunkElements;
  executor::for_each_chunk(chunks, total * length, [&](std::int64_t chunk) {
    std::vector<std::int64_t> offsets(ops.size(), 0);
    const std::int64_t begin = chunk * executor::kChunkElements, end = std::min(total, begin + executor::kChunkElements);
    for (std::int64_t i = 0; i < length; ++i) {
      for (std::size_t k = 0; k < ops.size(); ++k) offsets[k] = i * axis_strides[k];
      executor::run_range(kernel.kernels, loop, begin, end, offsets);
    }
  });
}

}  // namespace

Shape result_shape(const CompiledKernel& kernel, const Shape& shape) {
  if (!kernel.axis) return {};
  Shape result = shape;
  result.erase(result.begin() + normalized_axis(kernel, shape.size()));
  return result;
}

void run(const CompiledKernel& kernel, const Shape& shape, const std::vector<executor::Operand>& inputs,
         const ArrayView& out) {
  if (kernel.axis) run_axis(kernel, shape, inputs, out);
  else run_full(kernel, shape, inputs, out);
}

}  // namespace exprjit::reduction
