// NumPy broadcasting: the common shape of several operands, and each operand's byte strides
// seen in that shape (0 along broadcast dimensions).
#pragma once

#include <span>

#include "exprjit/array.h"

namespace exprjit::broadcast {

// Throws ShapeError "operands could not be broadcast together with shapes (3,) (4,)".
Shape common_shape(std::span<const ArrayView* const> operands);
// Strides of `view` stretched to `shape` (which must be a broadcast of view's shape).
Strides strides_in(const ArrayView& view, const Shape& shape);
std::string shape_text(const Shape& shape);

}  // namespace exprjit::broadcast
