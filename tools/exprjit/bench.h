// `exprjit bench`: median time of an expression on random inputs, next to a memcpy of the
// same bytes measured in the same run.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

namespace exprjit::tools {

struct BenchOptions {
  std::string expression;
  std::int64_t n = 10'000'000;
  std::string dtype = "float64";
  int threads = 0;  // 0: keep the library's default
  int repeat = 15;
  std::string accuracy = "precise";
};

// Prints one line per measurement: label, median ms, ns/element, GB/s (bytes read + written).
void run_bench(const BenchOptions& options, std::ostream& out);

}  // namespace exprjit::tools
