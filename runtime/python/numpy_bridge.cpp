#include "numpy_bridge.h"

#include <algorithm>
#include <string>

#include "exprjit/error.h"

namespace py = pybind11;

namespace exprjit::python {

DType dtype_from_numpy(const py::dtype& dtype) {
  const char kind = dtype.kind();
  const auto size = dtype.itemsize();
  const char order = dtype.byteorder();
  const bool native = order == '=' || order == '|' || order == '<';  // x86-64 is little-endian
  if (native && (kind == 'b' || kind == 'i' || kind == 'u' || kind == 'f' || kind == 'c')) {
    for (DType type : kAllDTypes) {
      const bool same_kind = kind == 'b'   ? type == DType::Bool
                             : kind == 'i' ? is_signed_integer(type)
                             : kind == 'u' ? is_unsigned_integer(type)
                             : kind == 'f' ? is_floating(type)
                                           : is_complex(type);
      if (same_kind && static_cast<py::ssize_t>(itemsize(type)) == size) return type;
    }
  }
  if (kind == 'S' && size > 0) return DType::Bytes;
  throw TypeError("unsupported dtype " + py::str(static_cast<const py::object&>(dtype)).cast<std::string>() +
                  " (exprjit takes bool, int8-int64, uint8-uint64, float32, float64, complex64 and complex128)");
}

py::dtype numpy_dtype(DType dtype, std::size_t itemsize) {
  if (dtype == DType::Bytes) return py::dtype("S" + std::to_string(std::max<std::size_t>(itemsize, 1)));
  return py::dtype(std::string(dtype_name(dtype)));
}

ArrayView view_of(const py::array& array) {
  Shape shape(array.shape(), array.shape() + array.ndim());
  Strides strides(array.strides(), array.strides() + array.ndim());
  if (dtype_from_numpy(array.dtype()) == DType::Bytes) {
    return ArrayView::bytes(const_cast<void*>(array.data()), static_cast<std::size_t>(array.itemsize()),
                            std::move(shape), std::move(strides));
  }
  return ArrayView(const_cast<void*>(array.data()), dtype_from_numpy(array.dtype()), std::move(shape), std::move(strides));
}

ArrayView writable_view_of(const py::array& array) {
  if (!array.writeable()) throw ValueError("output array is read-only");
  return view_of(array);
}

py::array to_numpy(Array&& array) {
  auto* owned = new Array(std::move(array));
  py::capsule owner(owned, [](void* p) { delete static_cast<Array*>(p); });
  return py::array(numpy_dtype(owned->dtype(), owned->itemsize()), owned->shape(), owned->strides(), owned->data(), owner);
}

}  // namespace exprjit::python
