// The expressions of issue 4 and the inputs every benchmark feeds them: uniform(-4, 4),
// deterministic, one array per variable in signature order.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "exprjit/exprjit.h"

namespace exprjit::bench {

inline constexpr std::array<std::string_view, 11> kExpressions = {
    "1/(1+exp(-z))",
    "2*a+3*b",
    "a*b+c*d",
    "0.25*x**3+0.75*x**2-1.5*x-2",
    "where(a>0, a, 0.01*a)",
    "sin(a)**2+cos(b)**2",
    "exp(-x*x/2)",
    "sqrt(a*a+b*b)",
    "log(1+exp(x))",
    "tanh(x)",
    "sum(a*b)",
};

// Expressions whose time is arithmetic, not memory traffic: the thread-scaling set.
inline constexpr std::array<std::string_view, 4> kComputeBound = {
    "1/(1+exp(-z))", "sin(a)**2+cos(b)**2", "log(1+exp(x))", "tanh(x)"};

// The compile-latency reference: five operations (sin, **, cos, **, +), two SLEEF calls.
inline constexpr std::string_view kFiveOperations = "sin(a)**2+cos(b)**2";

Array random_input(DType type, std::int64_t n, std::uint64_t seed);

// A compiled expression with its inputs and an output buffer, ready to be called.
struct Case {
  Kernel kernel;
  std::vector<Array> inputs;  // signature order
  std::vector<Operand> args;  // views of `inputs`
  Array out;                  // result shape; 0-d for reductions
  void run() const;           // kernel(args, out)
  double bytes() const;       // bytes read and written by one call
};

Case make_case(std::string_view expression, DType type, std::int64_t n);

// Every variable of `expression` as a float parameter of `type`, sorted by name.
Signature signature_for(std::string_view expression, DType type);

}  // namespace exprjit::bench
