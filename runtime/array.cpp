#include "exprjit/array.h"

#include <algorithm>
#include <complex>
#include <cstring>
#include <limits>
#include <new>
#include <string>

#include <unistd.h>

#include "exprjit/error.h"
#include "runtime/rows.h"

namespace exprjit {
namespace {

constexpr std::size_t kAlignment = 64;  // a cache line, and an AVX-512 register

// With Linux's overcommit an allocation far beyond RAM may "succeed" and the process be
// OOM-killed later when the pages are touched, and sanitizer allocators abort instead of
// returning null; so a request larger than physical memory is refused before trying.
std::int64_t physical_memory_bytes() {
  static const std::int64_t bytes = [] {
    const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
    std::int64_t product;
    if (pages <= 0 || page_size <= 0 || __builtin_mul_overflow(std::int64_t{pages}, std::int64_t{page_size}, &product))
      return std::numeric_limits<std::int64_t>::max();
    return product;
  }();
  return bytes;
}

std::shared_ptr<std::byte[]> allocate(std::int64_t bytes) {
  if (bytes > physical_memory_bytes())
    throw MemoryError("cannot allocate " + std::to_string(bytes) + " bytes for an array: more than this machine's " +
                      std::to_string(physical_memory_bytes()) + " bytes of memory");
  const auto size = static_cast<std::size_t>(bytes > 0 ? bytes : 1);
  std::byte* memory = static_cast<std::byte*>(::operator new[](size, std::align_val_t(kAlignment), std::nothrow));
  if (!memory) throw MemoryError("cannot allocate " + std::to_string(bytes) + " bytes for an array");
  return std::shared_ptr<std::byte[]>(memory, [](std::byte* p) { ::operator delete[](p, std::align_val_t(kAlignment)); });
}

std::int64_t checked_bytes(std::int64_t count, DType type) {
  std::int64_t bytes;
  if (__builtin_mul_overflow(count, static_cast<std::int64_t>(itemsize(type)), &bytes))
    throw ValueError("array of " + std::to_string(count) + " elements is too large");
  return bytes;
}


}  // namespace

std::int64_t element_count(std::span<const std::int64_t> shape) {
  std::int64_t count = 1;
  for (std::int64_t dim : shape) {
    if (dim < 0) throw ValueError("negative dimension " + std::to_string(dim) + " in shape");
    if (__builtin_mul_overflow(count, dim, &count)) throw ValueError("shape has more elements than int64 can count");
  }
  return count;
}

Strides contiguous_strides(std::span<const std::int64_t> shape, DType type) {
  Strides strides(shape.size());
  std::int64_t step = static_cast<std::int64_t>(itemsize(type));
  for (std::size_t i = shape.size(); i-- > 0;) {
    strides[i] = step;
    if (__builtin_mul_overflow(step, std::max<std::int64_t>(shape[i], 1), &step)) {
      // Only a shape with a zero dimension gets here without its element count overflowing
      // (e.g. (0, 2^40, 2^40) from a .npy header); its strides are never used to address
      // memory, so they saturate. Any other shape is too large to exist.
      if (element_count(shape) != 0) throw ValueError("shape has more bytes than int64 can count");
      step = std::numeric_limits<std::int64_t>::max();
    }
  }
  return strides;
}

ArrayView::ArrayView(void* data, DType type, Shape shape)
    : ArrayView(data, type, shape, contiguous_strides(shape, type)) {}

ArrayView::ArrayView(void* data, DType type, Shape shape, Strides strides)
    : data_(data), dtype_(type), shape_(std::move(shape)), strides_(std::move(strides)) {
  if (shape_.size() != strides_.size())
    throw ShapeError("shape has " + std::to_string(shape_.size()) + " dimensions but strides have " +
                     std::to_string(strides_.size()));
  element_count(shape_);  // validates the dimensions
}

bool ArrayView::is_c_contiguous() const {
  if (size() == 0) return true;  // as NumPy: nothing is addressed, whatever the strides
  std::int64_t expected = static_cast<std::int64_t>(itemsize(dtype_));
  for (std::size_t i = shape_.size(); i-- > 0;) {
    if (shape_[i] != 1 && strides_[i] != expected) return false;
    if (__builtin_mul_overflow(expected, shape_[i], &expected)) return false;  // no memory is that large
  }
  return true;
}

void ArrayView::check_type(DType requested) const {
  if (requested != dtype_)
    throw TypeError("array holds " + std::string(dtype_name(dtype_)) + ", not " + std::string(dtype_name(requested)));
}

const void* ArrayView::element_address(std::initializer_list<std::int64_t> index) const {
  if (index.size() != shape_.size())
    throw ValueError("index has " + std::to_string(index.size()) + " entries for a " + std::to_string(shape_.size()) +
                     "-d array");
  const char* address = static_cast<const char*>(data_);
  std::size_t axis = 0;
  for (std::int64_t i : index) {
    if (i < 0 || i >= shape_[axis]) throw ValueError("index " + std::to_string(i) + " out of range on axis " + std::to_string(axis));
    address += i * strides_[axis++];
  }
  return address;
}

ArrayView ArrayView::reversed(int axis) const {
  if (axis < 0 || axis >= ndim()) throw ValueError("axis " + std::to_string(axis) + " out of range");
  Strides strides = strides_;
  char* data = static_cast<char*>(data_);
  if (shape_[axis] > 0) data += (shape_[axis] - 1) * strides[axis];
  strides[axis] = -strides[axis];
  return ArrayView(data, dtype_, shape_, strides);
}

ArrayView ArrayView::stepped(int axis, std::int64_t step) const {
  if (axis < 0 || axis >= ndim()) throw ValueError("axis " + std::to_string(axis) + " out of range");
  if (step <= 0) throw ValueError("step must be positive");
  Shape shape = shape_;
  Strides strides = strides_;
  shape[axis] = (shape[axis] + step - 1) / step;
  strides[axis] *= step;
  return ArrayView(data_, dtype_, shape, strides);
}

Array Array::empty(DType type, Shape shape) {
  Array array;
  array.buffer_ = allocate(checked_bytes(element_count(shape), type));
  array.view_ = ArrayView(array.buffer_.get(), type, std::move(shape));
  return array;
}

Array Array::zeros(DType type, Shape shape) {
  Array array = empty(type, std::move(shape));
  std::memset(array.data(), 0, static_cast<std::size_t>(array.size()) * itemsize(type));
  return array;
}

template <class T> Array Array::from(std::span<const T> values, std::optional<Shape> requested) {
  Shape shape = requested ? *requested : Shape{static_cast<std::int64_t>(values.size())};
  if (element_count(shape) != static_cast<std::int64_t>(values.size()))
    throw ShapeError("shape holds " + std::to_string(element_count(shape)) + " elements but " +
                     std::to_string(values.size()) + " values were given");
  Array array = empty(dtype_of<T>, std::move(shape));
  T* out = array.data_as<T>();
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = values[i];
  return array;
}

Array Array::from(const std::vector<bool>& values, std::optional<Shape> shape) {
  const std::unique_ptr<bool[]> unpacked(new bool[values.size()]);
  std::copy(values.begin(), values.end(), unpacked.get());
  return from(std::span<const bool>(unpacked.get(), values.size()), std::move(shape));
}

namespace {

template <class T> struct IsComplex : std::false_type {};
template <class T> struct IsComplex<std::complex<T>> : std::true_type {};

// static_cast, extended to complex numbers: a complex value read as a real keeps its real part.
template <class To, class From> To convert(From value) {
  if constexpr (IsComplex<From>::value && !IsComplex<To>::value) {
    return static_cast<To>(value.real());
  } else if constexpr (IsComplex<To>::value && !IsComplex<From>::value) {
    return To(static_cast<typename To::value_type>(value));
  } else {
    return static_cast<To>(value);
  }
}

template <class To, class From> To read(const char* address) {
  From value;
  std::memcpy(&value, address, sizeof value);
  return convert<To>(value);
}

template <class To> To read_as(const char* address, DType type) {
  switch (type) {
    case DType::Bool: return read<To, bool>(address);
    case DType::Int8: return read<To, std::int8_t>(address);
    case DType::Int16: return read<To, std::int16_t>(address);
    case DType::Int32: return read<To, std::int32_t>(address);
    case DType::Int64: return read<To, std::int64_t>(address);
    case DType::UInt8: return read<To, std::uint8_t>(address);
    case DType::UInt16: return read<To, std::uint16_t>(address);
    case DType::UInt32: return read<To, std::uint32_t>(address);
    case DType::UInt64: return read<To, std::uint64_t>(address);
    case DType::Float32: return read<To, float>(address);
    case DType::Float64: return read<To, double>(address);
    case DType::Complex64: return read<To, std::complex<float>>(address);
    case DType::Complex128: return read<To, std::complex<double>>(address);
    case DType::Bytes: break;
  }
  throw TypeError("byte strings cannot be read as numbers");
}

}  // namespace

Array Array::copy_of(const ArrayView& view) {
  Array array = empty(view.dtype(), view.shape());
  char* out = static_cast<char*>(array.data());
  const std::size_t size = itemsize(view.dtype());
  for_each_element(view, [&](const char* address) {
    std::memcpy(out, address, size);
    out += size;
  });
  return array;
}

void copy_into(const ArrayView& from, const ArrayView& to) {
  if (from.dtype() != to.dtype() || from.shape() != to.shape()) throw ShapeError("copy between different arrays");
  Array staged = Array::copy_of(from);  // also makes overlapping copies safe
  const char* in = static_cast<const char*>(staged.data());
  const std::size_t size = itemsize(from.dtype());
  for_each_element(to, [&](char* address) {
    std::memcpy(address, in, size);
    in += size;
  });
}

template <class T> std::vector<T> Array::to_vector() const {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(size()));
  for_each_element(view_, [&](const char* address) { out.push_back(read_as<T>(address, dtype())); });
  return out;
}

#define EXPRJIT_INSTANTIATE(T)                                            \
  template Array Array::from<T>(std::span<const T> values, std::optional<Shape> shape); \
  template std::vector<T> Array::to_vector<T>() const;
EXPRJIT_INSTANTIATE(bool)
EXPRJIT_INSTANTIATE(std::int8_t)
EXPRJIT_INSTANTIATE(std::int16_t)
EXPRJIT_INSTANTIATE(std::int32_t)
EXPRJIT_INSTANTIATE(std::int64_t)
EXPRJIT_INSTANTIATE(std::uint8_t)
EXPRJIT_INSTANTIATE(std::uint16_t)
EXPRJIT_INSTANTIATE(std::uint32_t)
EXPRJIT_INSTANTIATE(std::uint64_t)
EXPRJIT_INSTANTIATE(float)
EXPRJIT_INSTANTIATE(double)
EXPRJIT_INSTANTIATE(std::complex<float>)
EXPRJIT_INSTANTIATE(std::complex<double>)
#undef EXPRJIT_INSTANTIATE

}  // namespace exprjit
