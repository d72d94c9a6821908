// Fuzz target: arbitrary bytes as a .npy file. The reader must reject them with an exprjit::Error
// or return an array; a returned array must survive a write/read round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

#include "exprjit/error.h"
#include "exprjit/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace exprjit;
  Array parsed;
  try {
    parsed = parse_npy(std::as_bytes(std::span(data, size)), "fuzz.npy");
  } catch (const Error&) {
    return 0;  // rejected with a clear error: the expected outcome for most inputs
  }
  const std::vector<std::byte> written = serialize_npy(parsed);
  const Array again = parse_npy(written, "round trip");
  const auto bytes = static_cast<std::size_t>(parsed.size()) * parsed.itemsize();  // a byte string's width
  if (again.dtype() != parsed.dtype() || again.itemsize() != parsed.itemsize() || again.shape() != parsed.shape() ||
      (bytes && std::memcmp(again.data(), parsed.data(), bytes) != 0))
    std::abort();  // a finding: the writer and the reader disagree
  return 0;
}
