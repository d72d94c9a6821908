#include <mutex>
#include <string>
#include <unordered_map>

#include "compiler/jit.h"
#include "compiler/pipeline.h"
#include "compiler/parser.h"
#include "compiler/target.h"
#include "compiler/typecheck.h"
#include "exprjit/exprjit.h"
#include "runtime/executor.h"
#include "runtime/kernel_cache.h"

#ifndef EXPRJIT_VERSION
#define EXPRJIT_VERSION "unknown"
#endif

namespace exprjit {
namespace {

// Variable names per expression text, so that evaluate() on a known expression does not parse.
// Bounded by clearing: names are cheap to recompute.
class NameCache {
 public:
  static NameCache& instance() {
    static NameCache cache;
    return cache;
  }
  std::vector<std::string> names(std::string_view expression) {
    const std::string key(expression);
    {
      std::lock_guard lock(mutex_);
      if (auto it = names_.find(key); it != names_.end()) return it->second;
    }
    std::vector<std::string> names = typecheck::variable_names(*parser::parse(expression));
    std::lock_guard lock(mutex_);
    if (names_.size() >= kCapacity) names_.clear();
    names_.emplace(key, names);
    return names;
  }

 private:
  static constexpr std::size_t kCapacity = 4096;
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::string>> names_;
};

const Operand& find_binding(const Bindings& bindings, const std::string& name) {
  for (const auto& [bound, value] : bindings)
    if (bound == name) return value;
  throw NameError("name '" + name + "' is not defined");
}

std::vector<Operand> arguments_for(const Signature& signature, const Bindings& bindings) {
  std::vector<Operand> args;
  args.reserve(signature.size());
  for (const Param& param : signature) args.push_back(find_binding(bindings, param.name));
  return args;
}

}  // namespace

Signature signature_of(std::string_view expression, const Bindings& bindings) {
  Signature signature;
  for (const std::string& name : NameCache::instance().names(expression)) {
    const ArrayView& view = find_binding(bindings, name).view();
    signature.push_back({name, view.dtype(), view.ndim() == 0, view.dtype() == DType::Bytes ? view.itemsize() : 0});
  }
  return signature;
}

std::vector<std::string> variables_of(std::string_view expression) { return NameCache::instance().names(expression); }

Kernel compile(std::string_view expression, const Signature& signature, const Options& options) {
  const std::string key = kernel_cache::key_of(expression, signature, options);
  return Kernel(kernel_cache::get_or_build(key, [&] { return CompiledKernel::build(expression, signature, options); }));
}

Array evaluate(std::string_view expression, const Bindings& bindings, const Options& options) {
  const Signature signature = signature_of(expression, bindings);
  const std::vector<Operand> args = arguments_for(signature, bindings);
  return compile(expression, signature, options)(args);
}

namespace {

// Writes `kernel`'s result converted to out's dtype: element-wise kernels get the conversion
// fused in ("float32(<expression>)", one pass); reductions convert their (small) result.
void evaluate_converted(const Kernel& kernel, std::span<const Operand> args, const ArrayView& out, const Options& options) {
  const std::string name(dtype_name(out.dtype()));
  // complex -> real (casting='unsafe'): NumPy keeps the real part, and bool means "nonzero".
  const bool drop_imaginary = is_complex(kernel.result_dtype()) && !is_complex(out.dtype());
  auto convert = [&](const std::string& inner) {
    if (!drop_imaginary) return name + "(" + inner + ")";
    return out.dtype() == DType::Bool ? "((" + inner + ") != 0)" : name + "(real(" + inner + "))";
  };
  if (!kernel.is_reduction()) {
    try {
      compile(convert(kernel.expression()), kernel.signature(), options)(args, out);
      return;
    } catch (const SyntaxError&) {
      // the extra parentheses crossed the nesting limit: convert a temporary instead
    }
  }
  const Array result = kernel(args);
  compile(convert("r"), {{"r", result.dtype()}}, options)({result}, out);
}

}  // namespace

void evaluate(std::string_view expression, const Bindings& bindings, const ArrayView& out, const Options& options,
              Casting casting) {
  const Signature signature = signature_of(expression, bindings);
  const std::vector<Operand> args = arguments_for(signature, bindings);
  const Kernel kernel = compile(expression, signature, options);
  const DType result = kernel.result_dtype();
  if (result == out.dtype()) return kernel(args, out);
  if (!can_cast(result, out.dtype(), casting)) {
    throw TypeError("cannot cast the result of '" + std::string(expression) + "' from " + std::string(dtype_name(result)) +
                    " to out's " + std::string(dtype_name(out.dtype())) + " under the casting rule '" +
                    std::string(casting_name(casting)) + "'");
  }
  evaluate_converted(kernel, args, out, options);
}

DType validate(std::string_view expression, const Signature& signature) {
  return *pipeline::front_end(expression, signature)->dtype;
}

void set_num_threads(int n) { executor::set_threads(n); }
int get_num_threads() { return executor::threads(); }

CacheStats kernel_cache_stats() { return kernel_cache::stats(); }
void set_kernel_cache_capacity(std::size_t capacity) { kernel_cache::set_capacity(capacity); }
void clear_kernel_cache() { kernel_cache::clear(); }

std::string version_string() {
  const target::Target& host = target::host();
  return std::string("exprjit ") + EXPRJIT_VERSION + " (LLVM " + jit::llvm_version() + ", host " + host.cpu + ", " +
         std::string(target::level_name(host.level)) + " " + std::to_string(host.vector_bits) + "-bit vectors)";
}

}  // namespace exprjit
