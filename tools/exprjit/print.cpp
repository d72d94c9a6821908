#include "tools/exprjit/print.h"

#include <algorithm>
#include <complex>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

#include "compiler/string_literal.h"
#include "exprjit/error.h"
#include "tools/exprjit/float_format.h"

namespace exprjit::tools {
namespace {

// numpy's default print options
constexpr std::int64_t kThreshold = 1000;
constexpr std::int64_t kEdgeItems = 3;
constexpr std::size_t kLineWidth = 75;
// NumPy 2 allows 64 dimensions (1.x: 32); the layout recurses once per dimension.
constexpr int kMaxDimensions = 64;

template <class T> T element(const ArrayView& array, const std::vector<std::int64_t>& index) {
  const char* address = static_cast<const char*>(array.data());
  for (std::size_t axis = 0; axis < index.size(); ++axis) address += index[axis] * array.strides()[axis];
  T value;
  std::memcpy(&value, address, sizeof value);
  return value;
}

// Positions printed along an axis of `length`: all, or the first and last kEdgeItems.
std::vector<std::int64_t> shown_positions(std::int64_t length, bool summarize) {
  std::vector<std::int64_t> positions;
  const bool cut = summarize && length > 2 * kEdgeItems;
  for (std::int64_t i = 0; i < length; ++i)
    if (!cut || i < kEdgeItems || i >= length - kEdgeItems) positions.push_back(i);
  return positions;
}

// The shown elements in C order: NumPy chooses the format from these only.
template <class T> std::vector<T> shown_elements(const ArrayView& array, bool summarize) {
  std::vector<T> out;
  std::vector<std::int64_t> index;
  std::function<void()> visit = [&] {
    if (index.size() == array.shape().size()) {
      out.push_back(element<T>(array, index));
      return;
    }
    for (std::int64_t i : shown_positions(array.shape()[index.size()], summarize)) {
      index.push_back(i);
      visit();
      index.pop_back();
    }
  };
  visit();
  return out;
}

// numpy.core.arrayprint._formatArray for separator ' ' (no legacy mode).
class Layout {
 public:
  Layout(const ArrayView& array, bool summarize, std::function<std::string(const std::vector<std::int64_t>&)> format)
      : array_(array), summarize_(summarize), format_(std::move(format)) {}

  std::string render() { return nested(" ", kLineWidth); }

 private:
  std::string nested(const std::string& indent, std::size_t width) {
    const std::size_t axis = index_.size();
    if (axis == array_.shape().size()) return format_(index_);
    const std::int64_t length = array_.shape()[axis];
    const bool cut = summarize_ && length > 2 * kEdgeItems;
    const std::string text = axis + 1 == array_.shape().size() ? row(indent, width, length, cut)
                                                                : block(indent, width, length, cut);
    return "[" + text.substr(indent.size()) + "]";
  }

  std::string child(std::int64_t i, const std::string& indent, std::size_t width) {
    index_.push_back(i);
    std::string text = nested(indent + " ", width - 1);
    index_.pop_back();
    return text;
  }

  // The last axis: elements separated by spaces, wrapped before the line gets too long.
  std::string row(const std::string& indent, std::size_t width, std::int64_t length, bool cut) {
    const std::size_t element_width = width - 1;  // room for the closing bracket
    std::string out, line = indent;
    for (std::int64_t i = 0; i < length; ++i) {
      if (cut && i == kEdgeItems) {
        extend(out, line, "...", element_width, indent);
        line += " ";
        i = length - kEdgeItems;
      }
      extend(out, line, child(i, indent, width), element_width, indent);
      if (i + 1 < length) line += " ";
    }
    return out + line;
  }

  // Outer axes: one sub-array per line, a blank line per further axis between them.
  std::string block(const std::string& indent, std::size_t width, std::int64_t length, bool cut) {
    const std::string separator(array_.shape().size() - index_.size() - 1, '\n');
    std::string out;
    for (std::int64_t i = 0; i < length; ++i) {
      if (cut && i == kEdgeItems) {
        out += indent + "..." + separator;
        i = length - kEdgeItems;
      }
      out += indent + child(i, indent, width);
      if (i + 1 < length) out += separator;
    }
    return out;
  }

  static void extend(std::string& out, std::string& line, const std::string& word, std::size_t width,
                     const std::string& indent) {
    if (line.size() + word.size() > width && line.size() > indent.size()) {
      out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
      line = indent;
    }
    line += word;
  }

  const ArrayView& array_;
  bool summarize_;
  std::function<std::string(const std::vector<std::int64_t>&)> format_;
  std::vector<std::int64_t> index_;
};

template <class T> std::string format_elements(const ArrayView& array, bool summarize) {
  std::function<std::string(const std::vector<std::int64_t>&)> format;
  if constexpr (std::is_same_v<T, bool>) {
    format = [&](const std::vector<std::int64_t>& index) { return element<bool>(array, index) ? " True" : "False"; };
  } else if constexpr (std::is_integral_v<T>) {
    const std::vector<T> shown = shown_elements<T>(array, summarize);
    const auto [low, high] = std::minmax_element(shown.begin(), shown.end());
    const std::size_t digits = std::max(std::to_string(*low).size(), std::to_string(*high).size());
    format = [&array, digits](const std::vector<std::int64_t>& index) {
      std::string text = std::to_string(element<T>(array, index));
      return std::string(digits - text.size(), ' ') + text;
    };
  } else {
    const std::vector<T> shown = shown_elements<T>(array, summarize);
    format = [&array, style = FloatFormat<T>(shown)](const std::vector<std::int64_t>& index) {
      return style(element<T>(array, index));
    };
  }
  return Layout(array, summarize, std::move(format)).render();
}

// numpy.core.arrayprint.ComplexFloatingFormat: one float format for the real parts, one with
// sign='+' for the imaginary parts, and the 'j' before the imaginary part's padding.
template <class T> std::string format_complex_elements(const ArrayView& array, bool summarize) {
  std::vector<T> reals, imags;
  for (const std::complex<T>& value : shown_elements<std::complex<T>>(array, summarize)) {
    reals.push_back(value.real());
    imags.push_back(value.imag());
  }
  auto format = [&array, real = FloatFormat<T>(reals), imag = FloatFormat<T>(imags, true)](
                    const std::vector<std::int64_t>& index) {
    const std::complex<T> value = element<std::complex<T>>(array, index);
    std::string i = imag(value.imag());
    const std::size_t end = i.find_last_not_of(' ') + 1;
    return real(value.real()) + i.substr(0, end) + "j" + i.substr(end);
  };
  return Layout(array, summarize, std::move(format)).render();
}

template <class T> std::string format_complex(const ArrayView& array) {
  if (array.ndim() == 0) {
    const std::complex<T> value = element<std::complex<T>>(array, {});
    return complex_repr(value.real(), value.imag());
  }
  if (array.size() == 0) return "[]";
  return format_complex_elements<T>(array, array.size() > kThreshold);
}

template <class T> std::string format_scalar(const ArrayView& array) {
  const T value = element<T>(array, {});
  if constexpr (std::is_same_v<T, bool>) return value ? "True" : "False";
  else if constexpr (std::is_integral_v<T>) return std::to_string(value);
  else return scalar_repr(value);
}

template <class T> std::string format_typed(const ArrayView& array) {
  if (array.ndim() == 0) return format_scalar<T>(array);
  if (array.size() == 0) return "[]";
  return format_elements<T>(array, array.size() > kThreshold);
}

// A byte string element as NumPy shows it: repr() of its bytes without the NUL padding.
std::string bytes_element(const ArrayView& array, const std::vector<std::int64_t>& index) {
  const char* address = static_cast<const char*>(array.data());
  for (std::size_t axis = 0; axis < index.size(); ++axis) address += index[axis] * array.strides()[axis];
  std::string_view value(address, array.itemsize());
  while (!value.empty() && value.back() == '\0') value.remove_suffix(1);
  return string_literal::quote(value);
}

std::string format_bytes(const ArrayView& array) {
  if (array.ndim() == 0) return bytes_element(array, {});
  if (array.size() == 0) return "[]";
  return Layout(array, array.size() > kThreshold, [&array](const std::vector<std::int64_t>& index) {
           return bytes_element(array, index);
         }).render();
}

}  // namespace

std::string format_array(const ArrayView& array) {
  if (array.ndim() > kMaxDimensions)
    throw ValueError("cannot print an array of " + std::to_string(array.ndim()) + " dimensions (NumPy prints at most " +
                     std::to_string(kMaxDimensions) + "); write it to a file with -o");
  switch (array.dtype()) {
    case DType::Bool: return format_typed<bool>(array);
    case DType::Int8: return format_typed<std::int8_t>(array);
    case DType::Int16: return format_typed<std::int16_t>(array);
    case DType::Int32: return format_typed<std::int32_t>(array);
    case DType::Int64: return format_typed<std::int64_t>(array);
    case DType::UInt8: return format_typed<std::uint8_t>(array);
    case DType::UInt16: return format_typed<std::uint16_t>(array);
    case DType::UInt32: return format_typed<std::uint32_t>(array);
    case DType::UInt64: return format_typed<std::uint64_t>(array);
    case DType::Float32: return format_typed<float>(array);
    case DType::Float64: return format_typed<double>(array);
    case DType::Complex64: return format_complex<float>(array);
    case DType::Complex128: return format_complex<double>(array);
    case DType::Bytes: return format_bytes(array);
    default: break;
  }
  throw TypeError("cannot print " + std::string(dtype_name(array.dtype())) + " arrays; write them to a file with -o");
}

}  // namespace exprjit::tools
