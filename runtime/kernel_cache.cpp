#include "runtime/kernel_cache.h"

#include <algorithm>
#include <future>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace exprjit::kernel_cache {
namespace {

using KernelPtr = std::shared_ptr<const CompiledKernel>;

class Cache {
 public:
  static Cache& instance() {
    static Cache cache;
    return cache;
  }

  KernelPtr get_or_build(const std::string& key, const Factory& build) {
    std::optional<std::promise<KernelPtr>> promise;  // engaged only when this call builds the kernel
    std::shared_future<KernelPtr> result;
    std::uint64_t ticket = 0;
    {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) {
        ++stats_.hits;
        recency_.splice(recency_.begin(), recency_, it->second.position);
        result = it->second.kernel;
      } else {
        ++stats_.misses;
        result = promise.emplace().get_future().share();
        ticket = ++last_ticket_;
        recency_.push_front(key);
        entries_.emplace(key, Entry{result, recency_.begin(), ticket});
      }
    }
    if (promise) {
      try {
        promise->set_value(build());
        std::lock_guard lock(mutex_);
        evict_over_capacity();  // only once the new kernel exists: a failed build evicts nothing
      } catch (...) {
        promise->set_exception(std::current_exception());
        forget(key, ticket);
      }
    }
    return result.get();  // waits for another thread's build, or rethrows its error
  }

  CacheStats stats() {
    std::lock_guard lock(mutex_);
    CacheStats copy = stats_;
    copy.size = entries_.size();
    copy.capacity = capacity_;
    return copy;
  }

  void set_capacity(std::size_t capacity) {
    std::lock_guard lock(mutex_);
    capacity_ = capacity;
    evict_over_capacity();
  }

  void clear() {
    std::lock_guard lock(mutex_);
    stats_.evictions += entries_.size();
    entries_.clear();
    recency_.clear();
  }

 private:
  struct Entry {
    std::shared_future<KernelPtr> kernel;
    std::list<std::string>::iterator position;
    std::uint64_t ticket;
  };

  void evict_over_capacity() {
    while (entries_.size() > capacity_ && !recency_.empty()) {
      entries_.erase(recency_.back());
      recency_.pop_back();
      ++stats_.evictions;
    }
  }

  // A failed build is not cached, so the next request tries again (and reports its error).
  void forget(const std::string& key, std::uint64_t ticket) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.ticket != ticket) return;
    recency_.erase(it->second.position);
    entries_.erase(it);
  }

  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recent first
  std::size_t capacity_ = kDefaultCapacity;
  CacheStats stats_;
  std::uint64_t last_ticket_ = 0;
};

}  // namespace

std::shared_ptr<const CompiledKernel> get_or_build(const std::string& key, const Factory& build) {
  return Cache::instance().get_or_build(key, build);
}

std::string key_of(std::string_view expression, const Signature& signature, const Options& options) {
  std::string key(expression);
  key += '\x1f';
  // Each name is length-prefixed, so no name can imitate the separators.
  for (const Param& param : signature) {
    key += std::to_string(param.name.size());
    key += '#';
    key += param.name;
    key += ':';
    key += dtype_name(param.dtype);
    if (param.dtype == DType::Bytes) key += std::to_string(std::max<std::size_t>(param.width, 1));
    key += param.scalar ? "/s," : "/a,";
  }
  key += '\x1f';
  key += options.accuracy == Accuracy::Fast ? "fast" : "precise";
  return key;
}

CacheStats stats() { return Cache::instance().stats(); }
void set_capacity(std::size_t capacity) { Cache::instance().set_capacity(capacity); }
void clear() { Cache::instance().clear(); }

}  // namespace exprjit::kernel_cache
