#include "tools/exprjit/bench.h"

#include <algorithm>
#include <chrono>
#include <complex>
#include <cstring>
#include <functional>
#include <ostream>
#include <random>
#include <vector>

#include "compiler/parser.h"
#include "compiler/typecheck.h"
#include "exprjit/exprjit.h"

namespace exprjit::tools {
namespace {

double median_seconds(int repeat, const std::function<void()>& run) {
  run();  // warm up: page in the output, compile, spin up threads
  std::vector<double> times;
  for (int i = 0; i < repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

Array random_array(DType type, std::int64_t n, std::mt19937_64& rng) {
  Array array = Array::empty(type, {n});
  std::uniform_real_distribution<double> uniform(-4.0, 4.0);
  for (std::int64_t i = 0; i < n; ++i) {
    const double value = uniform(rng);
    switch (type) {
      case DType::Bool: array.data_as<bool>()[i] = value > 0; break;
      case DType::Int32: array.data_as<std::int32_t>()[i] = static_cast<std::int32_t>(value * 100); break;
      case DType::Int64: array.data_as<std::int64_t>()[i] = static_cast<std::int64_t>(value * 100); break;
      case DType::Float32: array.data_as<float>()[i] = static_cast<float>(value); break;
      case DType::Float64: array.data_as<double>()[i] = value; break;
      case DType::Complex64: array.data_as<std::complex<float>>()[i] = {static_cast<float>(value), static_cast<float>(-value / 2)}; break;
      case DType::Complex128: array.data_as<std::complex<double>>()[i] = {value, -value / 2}; break;
      case DType::Bytes: static_cast<char*>(array.data())[i] = static_cast<char>('a' + static_cast<int>(value + 4)); break;
      default: {  // the narrow and unsigned integers: small non-negative values fit every one
        const auto small = static_cast<std::uint8_t>((value + 4) * 15);
        std::memset(static_cast<char*>(array.data()) + i * static_cast<std::int64_t>(itemsize(type)), 0, itemsize(type));
        std::memcpy(static_cast<char*>(array.data()) + i * static_cast<std::int64_t>(itemsize(type)), &small, 1);
        break;
      }
    }
  }
  return array;
}

void report(std::ostream& out, const char* label, double seconds, std::int64_t n, double bytes) {
  char line[160];
  std::snprintf(line, sizeof line, "%-8s median %9.3f ms  %8.3f ns/elem  %7.2f GB/s\n", label, seconds * 1e3,
                seconds * 1e9 / static_cast<double>(n), bytes / seconds / 1e9);
  out << line;
}

}  // namespace

void run_bench(const BenchOptions& options, std::ostream& out) {
  const auto type = dtype_from_name(options.dtype);
  if (!type) throw TypeError("unknown dtype '" + options.dtype + "'");
  if (options.n < 1) throw ValueError("--n must be positive");
  if (options.repeat < 1) throw ValueError("--repeat must be positive");
  if (options.threads > 0) set_num_threads(options.threads);

  std::mt19937_64 rng(12345);
  Signature signature;
  std::vector<Array> inputs;
  for (const std::string& name : typecheck::variable_names(*parser::parse(options.expression))) {
    signature.push_back({name, *type, false});
    inputs.push_back(random_array(*type, options.n, rng));
  }
  Options kernel_options;
  kernel_options.accuracy = options.accuracy == "fast" ? Accuracy::Fast : Accuracy::Precise;

  const auto compile_start = std::chrono::steady_clock::now();
  const Kernel kernel = compile(options.expression, signature, kernel_options);
  const double compile_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - compile_start).count();

  const bool reduction = kernel.is_reduction();
  Array result = reduction ? kernel(std::vector<Operand>(inputs.begin(), inputs.end()))
                           : Array::empty(kernel.result_dtype(), {options.n});
  std::vector<Operand> args(inputs.begin(), inputs.end());
  const double seconds = median_seconds(options.repeat, [&] {
    if (reduction) result = kernel(args);
    else kernel(args, result);
  });

  double bytes = 0;
  for (const Array& input : inputs) bytes += static_cast<double>(input.size() * itemsize(input.dtype()));
  if (!reduction) bytes += static_cast<double>(options.n * itemsize(kernel.result_dtype()));
  // The bandwidth reference: a single-threaded memcpy moving as many bytes (read + write).
  std::vector<char> source(static_cast<std::size_t>(bytes / 2) + 1, 1), target(source.size());
  const double copy_seconds = median_seconds(options.repeat, [&] { std::memcpy(target.data(), source.data(), source.size()); });

  out << "expression: " << options.expression << "  (" << options.dtype << ", n=" << options.n
      << ", threads=" << get_num_threads() << ", accuracy=" << options.accuracy << ")\n";
  out << "compile: " << compile_seconds * 1e3 << " ms (first use, includes JIT set-up if it is the first)\n";
  report(out, "exprjit", seconds, options.n, bytes);
  report(out, "memcpy", copy_seconds, options.n, 2 * static_cast<double>(source.size()));
  char ratio[80];
  std::snprintf(ratio, sizeof ratio, "exprjit / memcpy time: %.2f\n", seconds / copy_seconds);
  out << ratio;
}

}  // namespace exprjit::tools
