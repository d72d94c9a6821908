#include "tools/bench/inputs.h"

#include <random>

#include "compiler/parser.h"
#include "compiler/typecheck.h"

namespace exprjit::bench {
namespace {

template <class T> void fill_uniform(T* data, std::int64_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-4.0, 4.0);
  for (std::int64_t i = 0; i < n; ++i) data[i] = static_cast<T>(uniform(rng));
}

}  // namespace

Array random_input(DType type, std::int64_t n, std::uint64_t seed) {
  Array array = Array::empty(type, {n});
  if (type == DType::Float32) fill_uniform(array.data_as<float>(), n, seed);
  else fill_uniform(array.data_as<double>(), n, seed);
  return array;
}

Signature signature_for(std::string_view expression, DType type) {
  Signature signature;
  for (const std::string& name : typecheck::variable_names(*parser::parse(expression)))
    signature.push_back({name, type, false});
  return signature;
}

void Case::run() const { kernel(args, out); }

double Case::bytes() const {
  double total = kernel.is_reduction() ? 0.0 : static_cast<double>(out.size() * itemsize(out.dtype()));
  for (const Array& input : inputs) total += static_cast<double>(input.size() * itemsize(input.dtype()));
  return total;
}

Case make_case(std::string_view expression, DType type, std::int64_t n) {
  const Signature signature = signature_for(expression, type);
  Case c{compile(expression, signature), {}, {}, {}};
  for (std::size_t k = 0; k < signature.size(); ++k) c.inputs.push_back(random_input(type, n, 1000 + k));
  c.args.assign(c.inputs.begin(), c.inputs.end());
  c.out = c.kernel.is_reduction() ? c.kernel(c.args) : Array::empty(c.kernel.result_dtype(), {n});
  return c;
}

}  // namespace exprjit::bench
