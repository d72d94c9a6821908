// A bounded, thread-safe LRU cache of compiled kernels keyed by expression text, signature
// and options. Concurrent requests for the same key compile once; the others wait for it.
// Evicting an entry drops the cache's reference: the code is freed (ResourceTracker::remove)
// when the last Kernel using it goes.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "exprjit/exprjit.h"
#include "runtime/compiled_kernel.h"

namespace exprjit::kernel_cache {

inline constexpr std::size_t kDefaultCapacity = 256;

using Factory = std::function<std::shared_ptr<const CompiledKernel>()>;

std::shared_ptr<const CompiledKernel> get_or_build(const std::string& key, const Factory& build);
std::string key_of(std::string_view expression, const Signature& signature, const Options& options);

CacheStats stats();
void set_capacity(std::size_t capacity);
void clear();

}  // namespace exprjit::kernel_cache
