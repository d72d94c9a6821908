// `exprjit eval EXPR NAME=VALUE ...`: evaluates an expression on .npy files and scalars and
// prints the result as NumPy does, or writes it to a .npy file.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "exprjit/kernel.h"

namespace exprjit::tools {

struct EvalOptions {
  std::string expression;
  std::vector<std::string> bindings;  // NAME=VALUE
  std::string output;                 // .npy path; empty: print to `out`
  int threads = 0;                    // 0: keep the library's default
  std::string accuracy = "precise";
  std::string as_dtype;               // convert the result to this dtype (empty: keep it)
  std::string casting = "safe";       // NumPy's rule for that conversion
};

// VALUE is a .npy file when it ends in ".npy" or contains a '/'; otherwise a scalar:
//   True, False           bool
//   3, -7                 int64 (a Python int in NumPy on Linux)
//   2.5, 1e-3, nan, inf   float64
//   TYPE:TEXT             the named dtype, e.g. int32:3, float32:0.5, bool:1
//   bytes:TEXT            a byte string of TEXT's bytes (width: their count, at least 1)
// Throws ValueError for text that is neither, IOError/TypeError for a bad file.
Operand parse_value(const std::string& text);

// Throws NameError for a name the expression does not use or a variable left unbound.
void run_eval(const EvalOptions& options, std::ostream& out);

}  // namespace exprjit::tools
