// One case (function or operator) in one dtype: its points, their exact results, the errors of
// exprjit in each requested mode and of glibc on the same points, and optionally the speed of
// each mode.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exprjit/exprjit.h"
#include "tools/accuracy/catalogue.h"
#include "tools/accuracy/ulp.h"

namespace exprjit::accuracy {

struct SweepOptions {
  std::size_t points = 1000000;
  std::uint64_t seed = 1;
  std::vector<Accuracy> modes = {Accuracy::Precise, Accuracy::Fast};
  std::size_t speed_elements = 0;  // 0: no timing
  int speed_repeats = 7;
};

struct ModeResult {
  Accuracy mode;
  ErrorStats errors;
  std::string worst_input;  // the arguments of the largest error (or of the first mismatch)
  std::optional<double> ns_per_element;
};

struct CaseResult {
  const Case* c;
  DType dtype;
  std::size_t points;
  std::vector<ModeResult> modes;
  ErrorStats libm;
  std::string libm_worst_input;
  std::optional<double> libm_ns_per_element;
};

// The bound on the error (see ulp.h) of exprjit for this case in this mode.
double bound_of(const Case& c, Accuracy mode);
std::string_view mode_name(Accuracy mode);

CaseResult run_sweep(const Case& c, DType dtype, const SweepOptions& options);

}  // namespace exprjit::accuracy
