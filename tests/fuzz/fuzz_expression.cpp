// libFuzzer target: arbitrary bytes -> expression text and bound arrays -> validate, compile and
// evaluate. Every exprjit::Error is an accepted outcome; a crash, a sanitizer report, any other
// exception, a hang or an inconsistent result is a finding.
//
// Input layout (so that seeds stay readable): the bytes up to the first '\n' are the expression;
// the bytes after it choose flags (accuracy, extra checks, reversed views) and, per variable, a
// dtype, a shape and the values (missing bytes read as 0: float64 arrays of shape (7,)).
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/parser.h"
#include "compiler/typecheck.h"
#include "exprjit/exprjit.h"

namespace {

using namespace exprjit;

// Reads configuration bytes; past the end every byte is 0.
class Choices {
 public:
  Choices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

// Shapes that broadcast to (2,3,7), plus an empty one and ones that do not broadcast. The first
// entry is float64's default (7,); 0-d appears twice: as a compiled scalar and as a 0-d array.
struct ShapeChoice {
  Shape shape;
  bool scalar;
};
// The last one spans three of the executor's 16384-element chunks.
const ShapeChoice kShapes[] = {
    {{7}, false}, {{}, true}, {{}, false}, {{3, 7}, false}, {{3, 1}, false}, {{1, 7}, false},
    {{2, 1, 7}, false}, {{0}, false}, {{2}, false}, {{1}, false}, {{2, 20000}, false},
};

// Values that reach the edges of each operation: signed zeros, infinities, NaN, extremes,
// values near overflow thresholds of exp/sinh/pow, shift counts around the bit width.
const double kFloatValues[] = {0.0,   -0.0, 1.0,    -1.0,   0.5,     2.0,      -7.5,  3.0,
                               710.0, -745, 1e300,  -1e300, 1e-310,  1e308,    100.0, 0.1,
                               std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::max(),
                               std::numeric_limits<double>::lowest(), std::numeric_limits<double>::denorm_min()};
const std::int64_t kIntValues[] = {0, 1, -1, 2, -2, 3, 7, -7, 31, 32, 33, 63, 64, 100, 1000,
                                   std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max(),
                                   std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};

constexpr DType kStorageDTypes[] = {DType::Int8, DType::Int16, DType::UInt8, DType::UInt16, DType::UInt32, DType::UInt64};

template <class T> T pick(std::uint8_t seed, std::int64_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return ((seed >> (i % 8)) & 1) != 0;
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(kFloatValues[(seed + i * 5) % std::size(kFloatValues)]);
  } else {
    return static_cast<T>(kIntValues[(seed + i * 3) % std::size(kIntValues)]);
  }
}

template <class T> struct IsComplex : std::false_type {};
template <class T> struct IsComplex<std::complex<T>> : std::true_type {};

template <class T> T pick_value(std::uint8_t seed, std::int64_t i) {
  if constexpr (IsComplex<T>::value) {
    using Part = typename T::value_type;
    return {pick<Part>(seed, i), pick<Part>(static_cast<std::uint8_t>(seed * 7 + 3), i + 1)};
  } else {
    return pick<T>(seed, i);
  }
}

template <class T> Array filled(DType type, const Shape& shape, std::uint8_t seed) {
  Array array = Array::empty(type, shape);
  T* data = array.data_as<T>();
  for (std::int64_t i = 0; i < array.size(); ++i) data[i] = pick_value<T>(seed, i);
  return array;
}

Array make_array(DType type, const Shape& shape, std::uint8_t seed) {
  switch (type) {
    case DType::Bool: return filled<bool>(type, shape, seed);
    case DType::Int8: return filled<std::int8_t>(type, shape, seed);
    case DType::Int16: return filled<std::int16_t>(type, shape, seed);
    case DType::Int32: return filled<std::int32_t>(type, shape, seed);
    case DType::Int64: return filled<std::int64_t>(type, shape, seed);
    case DType::UInt8: return filled<std::uint8_t>(type, shape, seed);
    case DType::UInt16: return filled<std::uint16_t>(type, shape, seed);
    case DType::UInt32: return filled<std::uint32_t>(type, shape, seed);
    case DType::UInt64: return filled<std::uint64_t>(type, shape, seed);  // values >= 2**63: a ValueError
    case DType::Float32: return filled<float>(type, shape, seed);
    case DType::Float64: return filled<double>(type, shape, seed);
    case DType::Complex64: return filled<std::complex<float>>(type, shape, seed);
    case DType::Complex128: return filled<std::complex<double>>(type, shape, seed);
    default: break;
  }
  std::abort();
}

[[noreturn]] void finding(const std::string& what, std::string_view text) {
  std::fprintf(stderr, "FINDING: %s\n  expression: %.*s\n", what.c_str(), static_cast<int>(text.size()), text.data());
  std::abort();
}

// Two values are the same when their bits are, or both are NaN: which NaN an operation on two
// NaNs returns (sign, payload) depends on the operand order the compiler picks for a commutative
// instruction, as in NumPy; IEEE 754 leaves it unspecified.
template <class T> bool same_value(const char* a, const char* b) {
  T x, y;
  std::memcpy(&x, a, sizeof x);
  std::memcpy(&y, b, sizeof y);
  return std::memcmp(&x, &y, sizeof x) == 0 || (x != x && y != y);
}

bool same_element(DType type, const char* a, const char* b, std::size_t size) {
  switch (type) {
    case DType::Float32: return same_value<float>(a, b);
    case DType::Float64: return same_value<double>(a, b);
    case DType::Complex64: return same_value<float>(a, b) && same_value<float>(a + 4, b + 4);
    case DType::Complex128: return same_value<double>(a, b) && same_value<double>(a + 8, b + 8);
    case DType::Bool: return (*a != 0) == (*b != 0);
    default: return std::memcmp(a, b, size) == 0;  // integers, byte strings: their bytes
  }
}

// Identical results: same dtype, shape, item size and elements (C-contiguous arrays).
std::string difference(const Array& a, const Array& b) {
  if (a.dtype() != b.dtype()) return "dtypes differ";
  if (a.shape() != b.shape()) return "shapes differ";
  const auto size = static_cast<std::size_t>(a.view().itemsize());
  if (size != static_cast<std::size_t>(b.view().itemsize())) return "item sizes differ";
  const char* x = static_cast<const char*>(a.data());
  const char* y = static_cast<const char*>(b.data());
  for (std::int64_t i = 0; i < a.size(); ++i)
    if (!same_element(a.dtype(), x + i * size, y + i * size, size)) return "element " + std::to_string(i) + " differs";
  return {};
}

void expect_same(const Array& a, const Array& b, const std::string& what, std::string_view text) {
  if (std::string diff = difference(a, b); !diff.empty()) finding(what + " (" + diff + ")", text);
}

// Flag bits of the first configuration byte.
constexpr std::uint8_t kFast = 1;          // Accuracy::Fast
constexpr std::uint8_t kViaEvaluate = 2;   // also evaluate() and compare
constexpr std::uint8_t kReversed = 4;      // bind inputs as reversed views (the strided loop)
constexpr std::uint8_t kAliasOut = 8;      // also write into an input's own memory and compare

// Runs the kernel with `out` being the memory of the first input that has the result's dtype
// and shape (documented as safe: each element is read before it is written); the result must
// be the same bytes as without aliasing.
void check_aliasing(std::string_view text, const Kernel& kernel, const std::vector<Operand>& args,
                    const Array& expected) {
  if (kernel.is_reduction()) return;
  for (std::size_t k = 0; k < args.size(); ++k) {
    const ArrayView& input = args[k].view();
    if (input.dtype() != expected.dtype() || input.shape() != expected.shape() || kernel.signature()[k].scalar) continue;
    const Array victim = Array::copy_of(input);
    std::vector<Operand> aliased = args;
    aliased[k] = victim;
    kernel(aliased, victim);
    expect_same(expected, victim, "writing into an input's memory changed the result", text);
    return;
  }
}

void run(std::string_view text, Choices choices) {
  const std::uint8_t flags = choices.next();
  const Options options{.accuracy = (flags & kFast) ? Accuracy::Fast : Accuracy::Precise};

  // The variable names, as evaluate() would find them (sorted, distinct).
  const std::vector<std::string> names = typecheck::variable_names(*parser::parse(text));
  Signature signature;
  std::vector<Array> keep;  // owns what the views in args and bindings point to
  std::vector<Operand> args;
  Bindings bindings;
  for (const std::string& name : names) {
    const std::uint8_t type_and_shape = choices.next();
    // 0 -> float64; every eighth choice a narrow or unsigned integer, every eighth a complex
    const DType type = (type_and_shape & 7) == 7   ? kStorageDTypes[(type_and_shape >> 5) % std::size(kStorageDTypes)]
                       : (type_and_shape & 7) == 6 ? ((type_and_shape & 32) ? DType::Complex64 : DType::Complex128)
                                                   : kRealComputeDTypes[(type_and_shape + 4) % std::size(kRealComputeDTypes)];
    const ShapeChoice& shape = kShapes[(type_and_shape / 8) % std::size(kShapes)];
    Array array = make_array(type, shape.shape, choices.next());
    signature.push_back({name, type, shape.scalar});
    const ArrayView view = (flags & kReversed) && array.ndim() > 0 ? array.view().reversed(0) : array.view();
    args.emplace_back(view);
    bindings.emplace_back(name, view);
    keep.push_back(std::move(array));
  }

  const DType result_type = validate(text, signature);
  const Kernel kernel = compile(text, signature, options);
  if (kernel.result_dtype() != result_type) finding("validate and compile disagree on the result dtype", text);
  const Array result = kernel(args);
  if (result.dtype() != result_type) finding("result has the wrong dtype", text);

  // The same kernel writing into a caller's array, and evaluate() going through the caches,
  // must give the same bytes: same code, same layout.
  Array out = Array::empty(result.dtype(), result.shape());
  kernel(args, out);
  expect_same(result, out, "kernel(args) and kernel(args, out) differ", text);
  if (flags & kViaEvaluate) expect_same(result, evaluate(text, bindings, options), "compile and evaluate differ", text);
  if (flags & kAliasOut) check_aliasing(text, kernel, args, result);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Keep the fuzzer's memory bounded: evicted kernels release their machine code.
  set_kernel_cache_capacity(64);
  set_num_threads(2);  // the (2, 20000) shape runs on the TBB pool
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto* begin = reinterpret_cast<const char*>(data);
  const std::string_view input(begin, size);
  const std::size_t newline = input.find('\n');
  const std::string_view text = input.substr(0, newline);
  const std::size_t rest = newline == std::string_view::npos ? size : newline + 1;
  try {
    run(text, Choices(data + rest, size - rest));
  } catch (const Error&) {
    // Rejected input: the expected outcome for most fuzzed bytes.
  } catch (const std::exception& error) {
    finding(std::string("non-exprjit exception: ") + error.what(), text);
  } catch (...) {
    finding("non-standard exception", text);
  }
  return 0;
}
