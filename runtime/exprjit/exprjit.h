// exprjit's public API: evaluate, compile and validate element-wise array expressions.
//
//   exprjit::Array y = exprjit::evaluate("1/(1+exp(-z))", {{"z", z}});
//
// Expressions use numexpr's language (docs/language.md). Compiled kernels are cached by
// expression text, input dtypes/scalar-ness and options, so repeated calls skip compilation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exprjit/array.h"
#include "exprjit/dtype.h"
#include "exprjit/error.h"
#include "exprjit/kernel.h"

namespace exprjit {

// Evaluates `expression` with the named values; returns a new array of the broadcast shape.
Array evaluate(std::string_view expression, const Bindings& bindings, const Options& options = {});
// Same, writing into `out` (see Kernel::operator() for the aliasing rule). If `out` has another
// dtype than the result, `casting` decides whether the result may be converted into it (NumPy's
// rules, exprjit/dtype.h); the conversion is fused into the kernel. Throws TypeError otherwise.
void evaluate(std::string_view expression, const Bindings& bindings, const ArrayView& out,
              const Options& options = {}, Casting casting = Casting::Safe);

// Compiles once for the given inputs (cached); the Kernel is cheap to copy and thread-safe.
Kernel compile(std::string_view expression, const Signature& signature, const Options& options = {});

// Checks syntax, names and types without compiling; returns the result dtype or throws.
DType validate(std::string_view expression, const Signature& signature);

// The signature evaluate() uses for these bindings: the expression's variables, sorted by name.
Signature signature_of(std::string_view expression, const Bindings& bindings);

// The expression's variable names, sorted (the order of signature_of). Throws SyntaxError.
std::vector<std::string> variables_of(std::string_view expression);

// Threads used to evaluate large arrays. Default: the number of hardware threads, or
// EXPRJIT_NUM_THREADS when set. set_num_threads throws ValueError for n < 1.
void set_num_threads(int n);
int get_num_threads();

struct CacheStats {
  std::size_t hits = 0;
  std::size_t misses = 0;
  std::size_t evictions = 0;
  std::size_t size = 0;
  std::size_t capacity = 0;
};
CacheStats kernel_cache_stats();
// Bounds the number of cached kernels (default 256); shrinking evicts least recently used ones.
void set_kernel_cache_capacity(std::size_t capacity);
void clear_kernel_cache();

// Library version, LLVM version and the host CPU/ISA the JIT targets, e.g. for --version.
std::string version_string();

}  // namespace exprjit
