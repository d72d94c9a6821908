#include <algorithm>
#include <charconv>
#include <cstdint>

#include "exprjit/kernel.h"

namespace exprjit {

std::optional<std::pair<DType, std::size_t>> parse_param_type(std::string_view text) {
  constexpr std::string_view kBytes = "bytes";
  if (text.starts_with(kBytes) && text.size() > kBytes.size()) {
    const std::string_view digits = text.substr(kBytes.size());
    std::size_t width = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), width);
    if (error != std::errc() || end != digits.data() + digits.size() || width == 0 ||
        width > static_cast<std::size_t>(INT32_MAX))
      return std::nullopt;
    return std::pair{DType::Bytes, width};
  }
  const auto dtype = dtype_from_name(text);
  if (!dtype) return std::nullopt;
  return std::pair{*dtype, std::size_t{*dtype == DType::Bytes ? 1u : 0u}};
}

std::string param_type_name(const Param& param) {
  if (param.dtype != DType::Bytes) return std::string(dtype_name(param.dtype));
  return "bytes" + std::to_string(std::max<std::size_t>(param.width, 1));
}

}  // namespace exprjit
