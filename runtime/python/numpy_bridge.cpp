#include "numpy_bridge.h"

#include <string>

#include "exprjit/error.h"

namespace py = pybind11;

namespace exprjit::python {

DType dtype_from_numpy(const py::dtype& dtype) {
  const char kind = dtype.kind();
  const auto size = dtype.itemsize();
  const char order = dtype.byteorder();
  const bool native = order == '=' || order == '|' || order == '<';  // x86-64 is little-endian
  if (native) {
    if (kind == 'b' && size == 1) return DType::Bool;
    if (kind == 'i' && size == 4) return DType::Int32;
    if (kind == 'i' && size == 8) return DType::Int64;
    if (kind == 'f' && size == 4) return DType::Float32;
    if (kind == 'f' && size == 8) return DType::Float64;
    if (kind == 'c' && size == 8) return DType::Complex64;
    if (kind == 'c' && size == 16) return DType::Complex128;
  }
  throw TypeError("unsupported dtype " + py::str(static_cast<const py::object&>(dtype)).cast<std::string>() +
                  " (exprjit takes bool, int32, int64, float32, float64, complex64 and complex128)");
}

py::dtype numpy_dtype(DType dtype) { return py::dtype(std::string(dtype_name(dtype))); }

ArrayView view_of(const py::array& array) {
  Shape shape(array.shape(), array.shape() + array.ndim());
  Strides strides(array.strides(), array.strides() + array.ndim());
  return ArrayView(const_cast<void*>(array.data()), dtype_from_numpy(array.dtype()), std::move(shape), std::move(strides));
}

ArrayView writable_view_of(const py::array& array) {
  if (!array.writeable()) throw ValueError("output array is read-only");
  return view_of(array);
}

py::array to_numpy(Array&& array) {
  auto* owned = new Array(std::move(array));
  py::capsule owner(owned, [](void* p) { delete static_cast<Array*>(p); });
  return py::array(numpy_dtype(owned->dtype()), owned->shape(), owned->strides(), owned->data(), owner);
}

}  // namespace exprjit::python
