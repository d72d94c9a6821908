#include "runtime/broadcast.h"

#include <algorithm>
#include <string>

#include "exprjit/error.h"

namespace exprjit::broadcast {

std::string shape_text(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  return text + ")";
}

Shape common_shape(std::span<const ArrayView* const> operands) {
  std::size_t ndim = 0;
  for (const ArrayView* view : operands) ndim = std::max(ndim, view->shape().size());
  Shape shape(ndim, 1);
  for (const ArrayView* view : operands) {
    const Shape& own = view->shape();
    const std::size_t offset = ndim - own.size();
    for (std::size_t i = 0; i < own.size(); ++i) {
      std::int64_t& target = shape[offset + i];
      if (own[i] == target || own[i] == 1) continue;
      if (target == 1) {
        target = own[i];
        continue;
      }
      std::string shapes;
      for (const ArrayView* each : operands) shapes += " " + shape_text(each->shape());
      throw ShapeError("operands could not be broadcast together with shapes" + shapes);
    }
  }
  // Zero-stride views make huge shapes cheap; every later size computation relies on this check.
  std::int64_t count = 1;
  for (std::int64_t dim : shape)
    if (__builtin_mul_overflow(count, dim, &count))
      throw ValueError("broadcast shape " + shape_text(shape) + " has more elements than int64 can count");
  return shape;
}

Strides strides_in(const ArrayView& view, const Shape& shape) {
  Strides strides(shape.size(), 0);
  const std::size_t offset = shape.size() - view.shape().size();
  for (std::size_t i = 0; i < view.shape().size(); ++i)
    strides[offset + i] = view.shape()[i] == 1 && shape[offset + i] != 1 ? 0 : view.strides()[i];
  return strides;
}

}  // namespace exprjit::broadcast
