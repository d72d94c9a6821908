#include "tools/exprjit/eval.h"

#include <algorithm>
#include <charconv>
#include <complex>
#include <ostream>
#include <system_error>

#include "compiler/parser.h"
#include "compiler/typecheck.h"
#include "exprjit/exprjit.h"
#include "exprjit/npy.h"
#include "tools/exprjit/print.h"

namespace exprjit::tools {
namespace {

const char* const kScalarForms =
    "(a scalar is True, False, 3, 2.5 or TYPE:VALUE such as int32:3, complex128:1+2j or bytes:abc; a file ends in .npy)";

// The whole of `text` as a T, or nothing. A leading '+' is allowed, as Python allows it.
template <class T> std::optional<T> number(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<bool> boolean(std::string_view text) {
  if (text == "True" || text == "1") return true;
  if (text == "False" || text == "0") return false;
  return std::nullopt;
}

// Python's complex() syntax: "1+2j", "-2.5j", "(1-1e-3j)", "3" (a real number).
template <class T> std::optional<std::complex<T>> complex_number(std::string_view text) {
  if (text.size() > 2 && text.front() == '(' && text.back() == ')') text = text.substr(1, text.size() - 2);
  if (!text.ends_with('j') && !text.ends_with('J')) {
    if (auto re = number<T>(text)) return std::complex<T>(*re, 0);
    return std::nullopt;
  }
  text.remove_suffix(1);
  // The imaginary part starts at the last sign that is not the first character or an exponent's.
  std::size_t split = 0;
  for (std::size_t i = 1; i < text.size(); ++i)
    if ((text[i] == '+' || text[i] == '-') && text[i - 1] != 'e' && text[i - 1] != 'E') split = i;
  const std::string_view imag_text = text.substr(split);
  auto im = imag_text == "+" || imag_text.empty() ? std::optional<T>(1) : imag_text == "-" ? std::optional<T>(-1)
                                                                                           : number<T>(imag_text);
  auto re = split == 0 ? std::optional<T>(0) : number<T>(text.substr(0, split));
  if (!re || !im) return std::nullopt;
  return std::complex<T>(*re, *im);
}

Operand typed_scalar(DType type, std::string_view text, const std::string& whole) {
  const auto fail = [&]() -> Operand {
    throw ValueError("'" + whole + "' is not a valid " + std::string(dtype_name(type)) + " value");
  };
  switch (type) {
    case DType::Bool: if (auto v = boolean(text)) return Operand(*v); return fail();
    case DType::Int8: if (auto v = number<std::int8_t>(text)) return Operand(*v); return fail();
    case DType::Int16: if (auto v = number<std::int16_t>(text)) return Operand(*v); return fail();
    case DType::Int32: if (auto v = number<std::int32_t>(text)) return Operand(*v); return fail();
    case DType::Int64: if (auto v = number<std::int64_t>(text)) return Operand(*v); return fail();
    case DType::UInt8: if (auto v = number<std::uint8_t>(text)) return Operand(*v); return fail();
    case DType::UInt16: if (auto v = number<std::uint16_t>(text)) return Operand(*v); return fail();
    case DType::UInt32: if (auto v = number<std::uint32_t>(text)) return Operand(*v); return fail();
    case DType::UInt64: if (auto v = number<std::uint64_t>(text)) return Operand(*v); return fail();
    case DType::Float32: if (auto v = number<float>(text)) return Operand(*v); return fail();
    case DType::Float64: if (auto v = number<double>(text)) return Operand(*v); return fail();
    case DType::Complex64: if (auto v = complex_number<float>(text)) return Operand(*v); return fail();
    case DType::Complex128: if (auto v = complex_number<double>(text)) return Operand(*v); return fail();
    default: break;
  }
  throw ValueError("'" + whole + "': scalars of dtype " + std::string(dtype_name(type)) + " cannot be written here");
}

std::pair<std::string, std::string> split_binding(const std::string& binding) {
  const auto equals = binding.find('=');
  if (equals == std::string::npos || equals == 0)
    throw ValueError("expected NAME=VALUE, got '" + binding + "'");
  return {binding.substr(0, equals), binding.substr(equals + 1)};
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

Bindings bind(const EvalOptions& options) {
  const std::vector<std::string> variables = typecheck::variable_names(*parser::parse(options.expression));
  Bindings bindings;
  for (const std::string& binding : options.bindings) {
    auto [name, text] = split_binding(binding);
    if (std::find(variables.begin(), variables.end(), name) == variables.end())
      throw NameError("'" + name + "' is not a variable of the expression (its variables: " + joined(variables) + ")");
    for (const auto& [bound, value] : bindings)
      if (bound == name) throw ValueError("'" + name + "' is bound twice");
    bindings.emplace_back(name, parse_value(text));
  }
  for (const std::string& variable : variables) {
    const auto bound = [&](const auto& binding) { return binding.first == variable; };
    if (std::none_of(bindings.begin(), bindings.end(), bound))
      throw NameError("no value for variable '" + variable + "' (give it as " + variable + "=VALUE)");
  }
  return bindings;
}

}  // namespace

Operand parse_value(const std::string& text) {
  if (text.ends_with(".npy") || text.find('/') != std::string::npos) return read_npy(text);
  if (const auto colon = text.find(':'); colon != std::string::npos) {
    const std::string type_name = text.substr(0, colon);
    // bytes:TEXT is a 0-d byte string of TEXT's bytes as given (the shell has no NULs to pass).
    if (type_name == "bytes") return Array::from_strings({text.substr(colon + 1)}, std::nullopt, Shape{});
    const auto type = dtype_from_name(type_name);
    if (!type) {
      throw ValueError("unknown dtype '" + type_name + "' in '" + text +
                       "' (use bool, int8-int64, uint8-uint64, float32, float64, complex64, complex128 or bytes)");
    }
    return typed_scalar(*type, std::string_view(text).substr(colon + 1), text);
  }
  if (text == "True" || text == "False") return Operand(text == "True");
  if (auto integer = number<std::int64_t>(text)) return Operand(*integer);
  if (auto real = number<double>(text)) {
    if (text.find_first_of(".eEnN") == std::string::npos) throw ValueError("integer '" + text + "' does not fit in int64");
    return Operand(*real);
  }
  throw ValueError("'" + text + "' is neither a number nor a .npy file " + kScalarForms);
}

void run_eval(const EvalOptions& options, std::ostream& out) {
  const Bindings bindings = bind(options);
  if (options.threads > 0) set_num_threads(options.threads);
  Options kernel_options;
  kernel_options.accuracy = options.accuracy == "fast" ? Accuracy::Fast : Accuracy::Precise;
  Array result = evaluate(options.expression, bindings, kernel_options);
  if (!options.as_dtype.empty()) {
    const auto type = dtype_from_name(options.as_dtype);
    const auto casting = casting_from_name(options.casting);
    if (!type) throw ValueError("unknown dtype '" + options.as_dtype + "' for --as");
    if (!casting) throw ValueError("unknown casting rule '" + options.casting + "' (no, equiv, safe, same_kind, unsafe)");
    Array converted = Array::empty(*type, result.shape());
    evaluate(options.expression, bindings, converted, kernel_options, *casting);  // the conversion fused in
    result = converted;
  }
  if (options.output.empty()) out << format_array(result) << "\n";
  else write_npy(options.output, result);
}

}  // namespace exprjit::tools
