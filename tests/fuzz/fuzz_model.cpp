// Fuzz target: arbitrary bytes as a saved model. The loader must reject them with an
// exprjit::Error or return a network whose parameter vector has exactly the size it implies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>

#include "exprjit/error.h"
#include "nn/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const exprjit::nn::Model model = exprjit::nn::parse_model(std::as_bytes(std::span(data, size)), "fuzz.model");
    const std::size_t count = std::visit([](const auto& v) { return v.size(); }, model.parameters);
    if (static_cast<std::int64_t>(count) != model.network.parameter_count()) std::abort();
  } catch (const exprjit::Error&) {
  }
  return 0;
}
