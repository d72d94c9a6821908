// Evaluates one expression through the installed library and round-trips the result through
// the .npy functions; exit status 0 only if it is right.
#include <exprjit/exprjit.h>
#include <exprjit/npy.h>

#include <cstdio>

int main() {
  const exprjit::Array x = exprjit::Array::from<double>({1.0, 2.0, 3.0});
  const exprjit::Array y = exprjit::parse_npy(exprjit::serialize_npy(exprjit::evaluate("2*x+1", {{"x", x}})));
  const auto values = y.to_vector<double>();
  const bool right = values == std::vector<double>{3.0, 5.0, 7.0};
  std::printf("%s: %g %g %g\n", right ? "ok" : "WRONG", values[0], values[1], values[2]);
  return right ? 0 : 1;
}
