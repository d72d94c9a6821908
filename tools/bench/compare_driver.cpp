// The C ABI tools/bench-compare loads with ctypes: it times exprjit inside the Python process,
// on the very NumPy buffers numexpr and NumPy get, with the timing policy of bench/timing.h
// (which the script mirrors for numexpr and NumPy). No process start-up, no copies.
//
// Every function returns 0 on success, or -1 with the message in ejb_error().
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "tools/bench/inputs.h"
#include "tools/bench/timing.h"
#include "exprjit/exprjit.h"

namespace {

using namespace exprjit;

thread_local std::string last_error;

template <class F> int guarded(F&& body) {
  try {
    body();
    return 0;
  } catch (const std::exception& error) {
    last_error = error.what();
    return -1;
  }
}

DType dtype_named(const char* name) {
  const auto type = dtype_from_name(name);
  if (!type) throw TypeError(std::string("unknown dtype '") + name + "'");
  return *type;
}

void use_threads(int threads) {
  if (get_num_threads() != threads) set_num_threads(threads);
}

// 1-d inputs of n elements by name; out is 1-d of n elements, or 0-d for a reduction.
struct Call {
  Bindings bindings;
  ArrayView out;
};

Call make_call(const char* expression, DType type, std::int64_t n, int count, const char* const* names,
               void* const* inputs, void* out) {
  Call call;
  for (int k = 0; k < count; ++k) call.bindings.emplace_back(names[k], ArrayView(inputs[k], type, {n}));
  const Signature signature = signature_of(expression, call.bindings);
  const Kernel kernel = compile(expression, signature);
  call.out = ArrayView(out, kernel.result_dtype(), kernel.is_reduction() ? Shape{} : Shape{n});
  return call;
}

}  // namespace

extern "C" {

const char* ejb_error() { return last_error.c_str(); }

const char* ejb_version() {
  static const std::string version = version_string();
  return version.c_str();
}

// What bench-compare needs to allocate for `expression` on inputs of `dtype`: the result
// dtype's name (e.g. "float64", into 16 bytes), the variables in signature order separated by
// commas (into `names_size` bytes) and whether it is a reduction (a 0-d result on 1-d inputs).
int ejb_describe(const char* expression, const char* dtype, char* result_dtype, char* names, std::size_t names_size,
                 int* reduction) {
  return guarded([&] {
    const Signature signature = bench::signature_for(expression, dtype_named(dtype));
    const Kernel kernel = compile(expression, signature);
    const std::string result(dtype_name(kernel.result_dtype()));
    std::snprintf(result_dtype, 16, "%s", result.c_str());
    std::string list;
    for (const Param& param : signature) list += (list.empty() ? "" : ",") + param.name;
    if (list.size() + 1 > names_size) throw ValueError("too many variables for the name buffer");
    std::snprintf(names, names_size, "%s", list.c_str());
    *reduction = kernel.is_reduction() ? 1 : 0;
  });
}

// Median seconds per call of the compiled kernel (Kernel::operator()(args, out)); `evaluate`
// != 0 times evaluate(expression, bindings, out) instead, which adds the kernel-cache lookup.
int ejb_time_kernel(const char* expression, const char* dtype, std::int64_t n, int count, const char* const* names,
                    void* const* inputs, void* out, int threads, int evaluate_each_call, int samples,
                    double min_sample_seconds, double* seconds) {
  return guarded([&] {
    use_threads(threads);
    const Call call = make_call(expression, dtype_named(dtype), n, count, names, inputs, out);
    if (evaluate_each_call) {
      *seconds = bench::median_seconds_per_call([&] { evaluate(expression, call.bindings, call.out); }, samples,
                                                min_sample_seconds);
      return;
    }
    const Signature signature = signature_of(expression, call.bindings);
    const Kernel kernel = compile(expression, signature);
    std::vector<Operand> args;
    for (const Param& param : signature)
      for (const auto& [name, value] : call.bindings)
        if (name == param.name) args.push_back(value);
    *seconds = bench::median_seconds_per_call([&] { kernel(args, call.out); }, samples, min_sample_seconds);
  });
}

// Median seconds of memcpy moving `bytes` (read + written) on `threads` threads.
int ejb_time_copy(std::int64_t bytes, int threads, int samples, double min_sample_seconds, double* seconds) {
  return guarded([&] {
    bench::ParallelCopy copy(bytes, threads);
    *seconds = bench::median_seconds_per_call([&] { copy.run(); }, samples, min_sample_seconds);
  });
}

// Median seconds from text to callable kernel, the kernel cache cleared before each compile.
int ejb_time_compile(const char* expression, const char* dtype, int samples, double* seconds) {
  return guarded([&] {
    const Signature signature = bench::signature_for(expression, dtype_named(dtype));
    { const Kernel warm = compile(expression, signature); }  // one-time JIT and SLEEF set-up
    *seconds = bench::median_seconds_per_call(
        [&] {
          clear_kernel_cache();
          const Kernel kernel = compile(expression, signature);
        },
        samples, 0.0);
  });
}

}  // extern "C"
