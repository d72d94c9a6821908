// N-dimensional arrays: ArrayView borrows memory, Array owns it.
//
// Strides are in BYTES, as in NumPy, so views may be reversed (negative strides), broadcast
// (zero strides) or step over another array's elements. A 0-d array (empty shape) holds one
// element and stands for a scalar.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "exprjit/dtype.h"

namespace exprjit {

using Shape = std::vector<std::int64_t>;
using Strides = std::vector<std::int64_t>;

// Number of elements of a shape; throws ValueError if a dimension is negative or the product
// overflows int64.
std::int64_t element_count(std::span<const std::int64_t> shape);
// Row-major (C order) byte strides for a shape.
Strides contiguous_strides(std::span<const std::int64_t> shape, DType type);
// The same for elements of `itemsize` bytes (byte strings of that width).
Strides contiguous_strides(std::span<const std::int64_t> shape, std::size_t itemsize);

class ArrayView {
 public:
  ArrayView() = default;
  // A C-contiguous view of `data`.
  ArrayView(void* data, DType type, Shape shape);
  // Any layout; strides in bytes, one per dimension.
  ArrayView(void* data, DType type, Shape shape, Strides strides);
  // Byte strings of `width` bytes each (NumPy's 'S<width>', width >= 1), C-contiguous or with
  // the given byte strides. (The constructors above give Bytes views of width 1.)
  static ArrayView bytes(void* data, std::size_t width, Shape shape);
  static ArrayView bytes(void* data, std::size_t width, Shape shape, Strides strides);

  void* data() const { return data_; }
  DType dtype() const { return dtype_; }
  // Bytes per element: exprjit::itemsize(dtype()), or a byte string array's width.
  std::size_t itemsize() const { return itemsize_; }
  const Shape& shape() const { return shape_; }
  const Strides& strides() const { return strides_; }
  int ndim() const { return static_cast<int>(shape_.size()); }
  std::int64_t size() const { return element_count(shape_); }
  bool is_c_contiguous() const;

  // Typed pointer to the first element; throws TypeError if T does not match dtype().
  template <class T> T* data_as() const {
    check_type(dtype_of<T>);
    return static_cast<T*>(data_);
  }
  // Element at a multi-index (bounds-checked, throws ValueError), read as T of the dtype.
  template <class T> T at(std::initializer_list<std::int64_t> index) const {
    check_type(dtype_of<T>);
    return *static_cast<const T*>(element_address(index));
  }
  // View with the order of elements along `axis` reversed.
  ArrayView reversed(int axis) const;
  // Every `step`-th element along `axis` (step > 0).
  ArrayView stepped(int axis, std::int64_t step) const;

 private:
  void check_type(DType requested) const;
  const void* element_address(std::initializer_list<std::int64_t> index) const;

  void* data_ = nullptr;
  DType dtype_ = DType::Float64;
  std::size_t itemsize_ = 8;
  Shape shape_;
  Strides strides_;
};

class Array {
 public:
  Array() = default;
  // Uninitialised C-contiguous array; throws Error if memory cannot be allocated.
  static Array empty(DType type, Shape shape);
  static Array zeros(DType type, Shape shape);
  // Byte strings: zero-filled (all empty strings) C-contiguous array of the given width.
  static Array bytes_zeros(std::size_t width, Shape shape);
  // Byte strings, each padded with NUL bytes to `width` (default: the longest, at least 1) as
  // NumPy's 'S' arrays are; throws ValueError if one is longer than `width`.
  static Array from_strings(const std::vector<std::string>& values, std::optional<std::size_t> width = std::nullopt,
                            std::optional<Shape> shape = std::nullopt);
  // C-contiguous array holding a copy of `values` with the given shape (default: 1-d).
  template <class T> static Array from(std::span<const T> values, std::optional<Shape> shape = std::nullopt);
  template <class T> static Array from(std::initializer_list<T> values, std::optional<Shape> shape = std::nullopt) {
    return from(std::span<const T>(values.begin(), values.size()), std::move(shape));
  }
  template <class T> static Array from(const std::vector<T>& values, std::optional<Shape> shape = std::nullopt) {
    return from(std::span<const T>(values.data(), values.size()), std::move(shape));
  }
  // std::vector<bool> packs bits and has no data(): this overload copies it element by element.
  static Array from(const std::vector<bool>& values, std::optional<Shape> shape = std::nullopt);
  // 0-d array holding one value.
  template <class T> static Array scalar(T value) { return from<T>({value}, Shape{}); }
  // C-contiguous copy of any view.
  static Array copy_of(const ArrayView& view);

  const ArrayView& view() const { return view_; }
  operator const ArrayView&() const { return view_; }
  void* data() const { return view_.data(); }
  DType dtype() const { return view_.dtype(); }
  std::size_t itemsize() const { return view_.itemsize(); }
  const Shape& shape() const { return view_.shape(); }
  const Strides& strides() const { return view_.strides(); }
  int ndim() const { return view_.ndim(); }
  std::int64_t size() const { return view_.size(); }
  template <class T> T* data_as() const { return view_.data_as<T>(); }
  template <class T> T at(std::initializer_list<std::int64_t> index) const { return view_.at<T>(index); }
  // Elements in C order, converted to T with static_cast.
  template <class T> std::vector<T> to_vector() const;
  // A byte string array's elements in C order, without their trailing NUL bytes (as NumPy
  // reads them); throws TypeError for other dtypes.
  std::vector<std::string> to_strings() const;

 private:
  std::shared_ptr<std::byte[]> buffer_;
  ArrayView view_;
};

// Copies elements between views of the same shape, dtype and item size (any layouts).
void copy_into(const ArrayView& from, const ArrayView& to);

}  // namespace exprjit
