// Fuzz target: arbitrary bytes as an MNIST IDX file. The reader must reject them with an
// exprjit::Error or return dimensions whose product is exactly the data it returns.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "exprjit/error.h"
#include "nn/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const exprjit::nn::IdxArray array = exprjit::nn::parse_idx(std::as_bytes(std::span(data, size)), "fuzz.idx");
    std::size_t count = 1;
    for (std::int64_t dim : array.dims) count *= static_cast<std::size_t>(dim);
    if (array.dims.empty() || count != array.data.size() || 4 + 4 * array.dims.size() + count != size) std::abort();
  } catch (const exprjit::Error&) {
  }
  return 0;
}
