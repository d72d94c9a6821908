// A compiled expression: parsed, type-checked and JIT-compiled once, callable many times.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exprjit/array.h"
#include "exprjit/dtype.h"

namespace exprjit {

// Accuracy of the transcendental functions (see docs/accuracy.md).
enum class Accuracy : std::uint8_t {
  Precise,  // <= 1 ULP (SLEEF u10 family), the default
  Fast,     // <= 4 ULP (SLEEF u35 family where it exists)
};

struct Options {
  Accuracy accuracy = Accuracy::Precise;
  friend bool operator==(const Options&, const Options&) = default;
};

// One input of an expression: its name, dtype, and whether it is a scalar (0-d). Scalars are
// loaded once per call; arrays are streamed element by element. A byte string input also has
// its width (the array's itemsize(); 0 means 1 for Bytes and is ignored for other dtypes): a
// kernel takes only arguments of that width.
struct Param {
  std::string name;
  DType dtype = DType::Float64;
  bool scalar = false;
  std::size_t width = 0;
  friend bool operator==(const Param&, const Param&) = default;
};

// The inputs a kernel is compiled for, in the order its call operator takes them.
using Signature = std::vector<Param>;

// A Param's type as text, as the CLI's --dtype and the Python module's signatures spell it: a
// dtype name, or "bytes<width>" for byte strings ("bytes5"; "bytes" alone is width 1).
// parse_param_type gives {dtype, width} (width 0 for other dtypes), nullopt for other text.
std::optional<std::pair<DType, std::size_t>> parse_param_type(std::string_view text);
std::string param_type_name(const Param& param);

// A value bound to a variable: an array (borrowed, never copied unless `out` overlaps it) or a
// scalar held by value. Converts implicitly from ArrayView/Array and C++ scalars.
class Operand {
 public:
  Operand(const ArrayView& view) : view_(view) {}
  Operand(const Array& array) : keep_(std::make_shared<Array>(array)), view_(array.view()) {}
  Operand(bool value) : Operand(Array::scalar(value)) {}
  Operand(std::int8_t value) : Operand(Array::scalar(value)) {}
  Operand(std::int16_t value) : Operand(Array::scalar(value)) {}
  Operand(std::uint8_t value) : Operand(Array::scalar(value)) {}
  Operand(std::uint16_t value) : Operand(Array::scalar(value)) {}
  Operand(std::uint32_t value) : Operand(Array::scalar(value)) {}
  Operand(std::uint64_t value) : Operand(Array::scalar(value)) {}
  Operand(std::int32_t value) : Operand(Array::scalar(value)) {}
  Operand(std::int64_t value) : Operand(Array::scalar(value)) {}
  Operand(float value) : Operand(Array::scalar(value)) {}
  Operand(double value) : Operand(Array::scalar(value)) {}
  Operand(std::complex<float> value) : Operand(Array::scalar(value)) {}
  Operand(std::complex<double> value) : Operand(Array::scalar(value)) {}
  // A 0-d byte string of these bytes (width: their count, at least 1). The const char*
  // overload also keeps a string literal from converting to bool.
  Operand(std::string_view value) : Operand(Array::from_strings({std::string(value)}, std::nullopt, Shape{})) {}
  Operand(const std::string& value) : Operand(std::string_view(value)) {}
  Operand(const char* value) : Operand(std::string_view(value)) {}
  const ArrayView& view() const { return view_; }

 private:
  std::shared_ptr<const Array> keep_;  // holds scalars and owning arrays alive
  ArrayView view_;
};

// Name -> value pairs for evaluate(); order does not matter.
using Bindings = std::vector<std::pair<std::string, Operand>>;

class CompiledKernel;  // the JIT-owned code; freed when the last Kernel referring to it goes

class Kernel {
 public:
  const std::string& expression() const;
  const Signature& signature() const;
  DType result_dtype() const;
  // Bytes per result element: itemsize(result_dtype()), or the width of a byte string result
  // (only an expression that is a byte string input alone has one: it is copied).
  std::size_t result_itemsize() const;
  // Axis reduced by the outermost reduction: nullopt for element-wise kernels and for full
  // reductions (see is_reduction()).
  bool is_reduction() const;
  std::optional<int> reduction_axis() const;

  // Evaluates on arguments in signature order, broadcasting them; returns a new array.
  Array operator()(std::span<const Operand> args) const;
  Array operator()(std::initializer_list<Operand> args) const {
    return (*this)(std::span<const Operand>(args.begin(), args.size()));
  }
  // Writes into `out`, which must have the broadcast shape and the result dtype. `out` may be
  // the very memory of an input (same data and strides): elements are read before the
  // same element is written. A partially overlapping input is copied first.
  void operator()(std::span<const Operand> args, const ArrayView& out) const;
  void operator()(std::initializer_list<Operand> args, const ArrayView& out) const {
    (*this)(std::span<const Operand>(args.begin(), args.size()), out);
  }

  // The complete kernel's optimised LLVM IR (contiguous and gather/scatter loops), regenerated
  // from the expression as it is compiled.
  std::string ir() const;
  // The kernel's host machine code as assembly text, regenerated the same way.
  std::string assembly() const;

  explicit Kernel(std::shared_ptr<const CompiledKernel> compiled);

 private:
  std::shared_ptr<const CompiledKernel> compiled_;
};

}  // namespace exprjit
