#include "npy_header.h"

#include <bit>
#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include "exprjit/error.h"

namespace exprjit::npy {
namespace {

static_assert(std::endian::native == std::endian::little, "exprjit reads .npy data in place on little-endian hosts");

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kAlign = 64;                 // numpy.lib.format.ARRAY_ALIGN
constexpr std::size_t kGrowthAxisMaxDigits = 21;   // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS

std::uint64_t read_le(std::span<const std::byte> bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) value = value << 8 | static_cast<std::uint8_t>(bytes[i]);
  return value;
}

// The header text as it may appear in a one-line message: control bytes escaped, cut short.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 120)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  if (text.size() > 120) out += "...";
  return out;
}

// '|S<n>' (NumPy's byte strings; '<' and '>' are accepted too, as they mean nothing for
// bytes): the width n, 1 <= n < 2^31; nullopt if descr is not of that form.
std::optional<std::size_t> bytes_width(std::string_view descr, const std::string& source) {
  if (descr.size() < 3 || (descr[0] != '|' && descr[0] != '<' && descr[0] != '>') || descr[1] != 'S') return std::nullopt;
  std::size_t width = 0;
  for (char c : descr.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    width = width * 10 + static_cast<std::size_t>(c - '0');
    if (width > static_cast<std::size_t>(INT32_MAX))
      throw TypeError(source + ": byte string width in '" + std::string(descr) + "' is too large");
  }
  if (width == 0) throw TypeError(source + ": byte strings of width 0 ('" + std::string(descr) + "') are not supported");
  return width;
}

DType dtype_from_descr(std::string_view descr, const std::string& source) {
  struct Known { std::string_view descr; DType dtype; };
  static constexpr Known kKnown[] = {
      {"|b1", DType::Bool},     {"|i1", DType::Int8},     {"<i2", DType::Int16},       {"<i4", DType::Int32},
      {"<i8", DType::Int64},    {"|u1", DType::UInt8},    {"<u2", DType::UInt16},      {"<u4", DType::UInt32},
      {"<u8", DType::UInt64},   {"<f4", DType::Float32},  {"<f8", DType::Float64},     {"<c8", DType::Complex64},
      {"<c16", DType::Complex128}};
  for (const Known& known : kKnown)
    if (known.descr == descr) return known.dtype;
  std::string quoted = "'";  // built by appending: GCC 12 warns (-Wrestrict) on "'" + string
  quoted += printable(descr);
  quoted += '\'';
  if (descr.starts_with('>'))
    throw TypeError(source + ": big-endian dtype " + quoted + " is not supported; convert it with a.astype(a.dtype.newbyteorder('<'))");
  if (descr == "|O" || descr == "<O")
    throw TypeError(source + ": object arrays (dtype " + quoted + ") are not supported");
  if (descr.size() > 1 && descr[1] == 'U')
    throw TypeError(source + ": unsupported dtype " + quoted + ": unicode is not supported; store byte strings (|S<n>)");
  throw TypeError(source + ": unsupported dtype " + quoted + " (exprjit reads |b1, |i1, <i2, <i4, <i8, |u1, <u2, <u4, <u8, <f4, <f8, <c8, <c16 and |S<n>)");
}

// A strict reader of the dict literal NumPy writes: the three keys in any order, Python
// spacing and trailing commas, nothing else (no escapes, comments or other keys).
class DictReader {
 public:
  DictReader(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  Header read() {
    Header header;
    bool seen_descr = false, seen_order = false, seen_shape = false;
    expect('{');
    while (!accept('}')) {
      const std::string_view key = string_literal();
      expect(':');
      if (key == "descr") {
        once(seen_descr, key);
        if (peek() == '[') throw TypeError(source_ + ": structured dtypes are not supported");
        const std::string_view descr = string_literal();
        if (const auto width = bytes_width(descr, source_)) {
          header.dtype = DType::Bytes;
          header.itemsize = *width;
        } else {
          header.dtype = dtype_from_descr(descr, source_);
          header.itemsize = itemsize(header.dtype);
        }
      } else if (key == "fortran_order") {
        once(seen_order, key);
        header.fortran_order = boolean();
      } else if (key == "shape") {
        once(seen_shape, key);
        header.shape = shape();
      } else {
        fail("unexpected key '" + std::string(key) + "'");
      }
      if (!accept(',')) {
        expect('}');
        break;
      }
    }
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the dict");
    if (!seen_descr || !seen_order || !seen_shape) fail("the dict needs the keys 'descr', 'fortran_order' and 'shape'");
    return header;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw IOError(source_ + ": malformed .npy header (" + what + " at offset " + std::to_string(pos_) + "): " +
                  printable(text_));
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  char peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  void once(bool& seen, std::string_view key) {
    if (seen) fail("duplicate key '" + std::string(key) + "'");
    seen = true;
  }

  std::string_view string_literal() {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail("expected a string");
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' || text_[pos_] == '\n') fail("unsupported string");
      ++pos_;
    }
    if (pos_ == text_.size()) fail("unterminated string");
    return text_.substr(start, pos_++ - start);
  }

  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair{std::string_view("True"), true}, std::pair{std::string_view("False"), false}}) {
      if (text_.substr(pos_).starts_with(word)) {
        pos_ += word.size();
        return value;
      }
    }
    fail("expected True or False");
  }

  // A Python tuple of non-negative integers: (), (3,), (2, 3) or (2, 3,).
  Shape shape() {
    expect('(');
    Shape dims;
    while (!accept(')')) {
      dims.push_back(dimension());
      if (!accept(',')) {
        if (dims.size() == 1) fail("a 1-d shape needs a trailing comma, as in (3,)");
        expect(')');
        break;
      }
    }
    return dims;
  }

  std::int64_t dimension() {
    skip_space();
    const std::size_t start = pos_;
    std::int64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, text_[pos_] - '0', &value))
        throw ValueError(source_ + ": a dimension of the shape is larger than int64 can hold");
      ++pos_;
    }
    if (pos_ == start) fail("expected a non-negative integer");
    if (text_[start] == '0' && pos_ - start > 1) fail("integer with a leading zero");
    return value;
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0;
};

std::string shape_repr(const Shape& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

std::string_view descr_of(DType dtype) {
  switch (dtype) {
    case DType::Bool: return "|b1";
    case DType::Int8: return "|i1";
    case DType::Int16: return "<i2";
    case DType::Int32: return "<i4";
    case DType::Int64: return "<i8";
    case DType::UInt8: return "|u1";
    case DType::UInt16: return "<u2";
    case DType::UInt32: return "<u4";
    case DType::UInt64: return "<u8";
    case DType::Float32: return "<f4";
    case DType::Float64: return "<f8";
    case DType::Complex64: return "<c8";
    case DType::Complex128: return "<c16";
    case DType::Bytes: break;
  }
  return "?";
}

void check_sizes(Header& header, std::uint64_t file_size, const std::string& source) {
  std::int64_t count = 1, bytes = 0;
  for (std::int64_t dim : header.shape)
    if (__builtin_mul_overflow(count, dim, &count))
      throw ValueError(source + ": shape " + shape_repr(header.shape) + " has more elements than int64 can count");
  if (__builtin_mul_overflow(count, static_cast<std::int64_t>(header.itemsize), &bytes))
    throw ValueError(source + ": shape " + shape_repr(header.shape) + " needs more bytes than int64 can count");
  header.data_bytes = static_cast<std::uint64_t>(bytes);
  const std::uint64_t available = file_size - header.data_offset;
  const std::string needs = "shape " + shape_repr(header.shape) + " of " + std::string(dtype_name(header.dtype)) +
                            " needs " + std::to_string(header.data_bytes) + " bytes of data";
  if (available < header.data_bytes)
    throw IOError(source + ": file is truncated: " + needs + ", the file has " + std::to_string(available));
  if (available > header.data_bytes)
    throw IOError(source + ": " + std::to_string(available - header.data_bytes) + " unexpected bytes after the data (" +
                  needs + ")");
}

}  // namespace

std::uint64_t data_offset(std::span<const std::byte> preamble, std::uint64_t file_size, const std::string& source) {
  const std::size_t have = preamble.size();
  const std::size_t compared = std::min(have, kMagic.size());
  if (have == 0 || std::memcmp(preamble.data(), kMagic.data(), compared) != 0)
    throw IOError(source + ": not a .npy file (it does not start with \\x93NUMPY)");
  if (have < kMagic.size()) throw IOError(source + ": file is truncated inside the .npy header");
  if (have < kMagic.size() + 2) throw IOError(source + ": file is truncated inside the .npy header");
  const auto major = static_cast<unsigned>(preamble[6]), minor = static_cast<unsigned>(preamble[7]);
  if (major < 1 || major > 3 || minor != 0)
    throw IOError(source + ": unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                  " (exprjit reads 1.0, 2.0 and 3.0)");
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  if (have < 8 + length_bytes) throw IOError(source + ": file is truncated inside the .npy header");
  const std::uint64_t offset = 8 + length_bytes + read_le(preamble.subspan(8, length_bytes));
  if (offset > file_size)
    throw IOError(source + ": .npy header of " + std::to_string(offset) + " bytes extends beyond the end of the file (" +
                  std::to_string(file_size) + " bytes)");
  return offset;
}

Header decode(std::span<const std::byte> head, std::uint64_t file_size, const std::string& source) {
  const std::uint64_t offset = data_offset(head.first(std::min(head.size(), kPreambleBytes)), file_size, source);
  if (head.size() < offset) throw IOError(source + ": file is truncated inside the .npy header");
  const std::size_t dict_start = head[6] == std::byte{1} ? 10 : 12;
  const std::string_view text(reinterpret_cast<const char*>(head.data()) + dict_start, offset - dict_start);
  Header header = DictReader(text, source).read();
  header.data_offset = offset;
  check_sizes(header, file_size, source);
  return header;
}

std::string encode(DType dtype, const Shape& shape, std::size_t width) {
  const std::string descr =
      dtype == DType::Bytes ? "|S" + std::to_string(std::max<std::size_t>(width, 1)) : std::string(descr_of(dtype));
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " +
                     shape_repr(shape) + ", }";
  // NumPy leaves room to grow the first axis in place (numpy.lib.format._write_array_header).
  if (!shape.empty()) {
    const std::size_t digits = std::to_string(shape[0]).size();
    if (digits < kGrowthAxisMaxDigits) dict.append(kGrowthAxisMaxDigits - digits, ' ');
  }
  const std::size_t text_bytes = dict.size() + 1;  // + the final newline
  for (const std::size_t length_bytes : {2u, 4u}) {
    const std::size_t padding = kAlign - (kMagic.size() + 2 + length_bytes + text_bytes) % kAlign;
    const std::uint64_t length = text_bytes + padding;
    if (length_bytes == 2 && length > 0xffff) continue;  // needs version 2.0
    std::string out(kMagic);
    out += static_cast<char>(length_bytes == 2 ? 1 : 2);
    out += '\0';
    for (std::size_t i = 0; i < length_bytes; ++i) out += static_cast<char>(length >> (8 * i) & 0xff);
    return out + dict + std::string(padding, ' ') + "\n";
  }
  throw ValueError("a .npy header for shape " + shape_repr(shape) + " exceeds 4 GiB");
}

}  // namespace exprjit::npy
