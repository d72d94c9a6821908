// Zero-copy conversions between NumPy arrays and exprjit arrays for the Python module.
#pragma once

#include <pybind11/numpy.h>

#include "exprjit/array.h"
#include "exprjit/dtype.h"

namespace exprjit::python {

// bool, int32, int64, float32, float64 in native byte order and byte strings ('S', any width);
// throws exprjit::TypeError otherwise.
DType dtype_from_numpy(const pybind11::dtype& dtype);
// `itemsize`: the width of a byte string dtype ('S<itemsize>'); ignored for the others.
pybind11::dtype numpy_dtype(DType dtype, std::size_t itemsize = 0);

// A view of the array's memory with its shape and byte strides (no copy). The caller keeps the
// array alive while the view is used.
ArrayView view_of(const pybind11::array& array);

// Same, for an output: throws exprjit::ValueError if the array is read-only.
ArrayView writable_view_of(const pybind11::array& array);

// Hands the Array's buffer to NumPy without copying; NumPy owns it from then on.
pybind11::array to_numpy(Array&& array);

}  // namespace exprjit::python
