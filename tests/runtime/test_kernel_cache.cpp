// The kernel cache through the public API: hits and misses by text, signature and options,
// LRU eviction, kernels outliving their cache entries, failed compiles, and concurrent use
// (the Concurrency* suites are the ones to run under ThreadSanitizer).
#include <atomic>
#include <barrier>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

// Restores the cache capacity and thread count a test changes.
class SettingsGuard {
 public:
  SettingsGuard() : capacity_(kernel_cache_stats().capacity), threads_(get_num_threads()) {}
  ~SettingsGuard() {
    set_kernel_cache_capacity(capacity_);
    set_num_threads(threads_);
  }
  SettingsGuard(const SettingsGuard&) = delete;
  SettingsGuard& operator=(const SettingsGuard&) = delete;

 private:
  std::size_t capacity_;
  int threads_;
};

// Counter changes since construction.
struct StatsDelta {
  CacheStats start = kernel_cache_stats();
  std::size_t hits() const { return kernel_cache_stats().hits - start.hits; }
  std::size_t misses() const { return kernel_cache_stats().misses - start.misses; }
  std::size_t evictions() const { return kernel_cache_stats().evictions - start.evictions; }
};

std::size_t cache_size() { return kernel_cache_stats().size; }

const Signature kX = {{"x", DType::Float64}};

std::vector<double> iota(int n, double start = 0.0) {
  std::vector<double> values(n);
  for (int i = 0; i < n; ++i) values[i] = start + i;
  return values;
}

// Evaluates "x*<k> + <k+1>"-style kernels and checks every element.
::testing::AssertionResult Computes(const Kernel& kernel, double scale, double offset, int n = 19) {
  const std::vector<double> x = iota(n, -5.0);
  const std::vector<double> got = kernel({Array::from(x)}).to_vector<double>();
  if (got.size() != x.size()) return ::testing::AssertionFailure() << "size " << got.size();
  for (int i = 0; i < n; ++i)
    if (got[i] != x[i] * scale + offset)
      return ::testing::AssertionFailure() << kernel.expression() << " at " << i << ": " << got[i] << " != "
                                           << x[i] * scale + offset;
  return ::testing::AssertionSuccess();
}

std::string affine(int scale, int offset) { return "x*" + std::to_string(scale) + " + " + std::to_string(offset); }

TEST(KernelCache, SecondCompileIsAHit) {
  SettingsGuard guard;
  clear_kernel_cache();
  StatsDelta delta;
  const Kernel first = compile(affine(3, 1), kX);
  EXPECT_EQ(delta.misses(), 1u);
  EXPECT_EQ(delta.hits(), 0u);
  EXPECT_EQ(cache_size(), 1u);
  const Kernel second = compile(affine(3, 1), kX);
  EXPECT_EQ(delta.misses(), 1u);
  EXPECT_EQ(delta.hits(), 1u);
  EXPECT_EQ(cache_size(), 1u);
  EXPECT_TRUE(Computes(first, 3, 1));
  EXPECT_TRUE(Computes(second, 3, 1));
  EXPECT_EQ(second.expression(), affine(3, 1));
  EXPECT_EQ(second.signature(), kX);
  // evaluate() derives the same signature from its bindings and so reuses the kernel.
  const Array y = evaluate(affine(3, 1), {{"x", Array::from(iota(4))}});
  EXPECT_EQ(y.to_vector<double>(), (std::vector<double>{1, 4, 7, 10}));
  EXPECT_EQ(delta.hits(), 2u);
  EXPECT_EQ(delta.misses(), 1u);
}

TEST(KernelCache, DifferentSignatureOrOptionsIsAMiss) {
  SettingsGuard guard;
  clear_kernel_cache();
  const std::string text = affine(5, 2);
  StatsDelta delta;
  compile(text, kX);
  const std::vector<std::pair<Signature, Options>> variants = {
      {{{"x", DType::Float32}}, {}},                      // dtype
      {{{"x", DType::Int32}}, {}},                        // dtype
      {{{"x", DType::Float64, true}}, {}},                // scalar-ness
      {kX, {.accuracy = Accuracy::Fast}},                 // accuracy
      {{{"x", DType::Float64}, {"unused", DType::Float64}}, {}},  // another parameter
  };
  std::size_t expected_misses = 1;
  for (const auto& [signature, options] : variants) {
    const Kernel kernel = compile(text, signature, options);
    EXPECT_EQ(delta.misses(), ++expected_misses) << signature.size() << " params, dtype "
                                                 << dtype_name(signature[0].dtype);
    EXPECT_EQ(delta.hits(), 0u);
  }
  EXPECT_EQ(cache_size(), expected_misses);
  // Different text (even only whitespace) is a different key.
  compile("x*5+2", kX);
  EXPECT_EQ(delta.misses(), ++expected_misses);
  // Each of them is now cached.
  compile(text, kX);
  for (const auto& [signature, options] : variants) compile(text, signature, options);
  compile("x*5+2", kX);
  EXPECT_EQ(delta.hits(), variants.size() + 2);
  EXPECT_EQ(delta.misses(), expected_misses);
  // The scalar kernel is a different kernel: it takes a 0-d input.
  const Kernel scalar = compile(text, {{"x", DType::Float64, true}});
  EXPECT_EQ(scalar({2.0}).to_vector<double>(), std::vector<double>{12.0});
  EXPECT_THROW(scalar({Array::from(iota(3))}), ShapeError);
}

// Parameter names are arbitrary strings in a Signature; no choice of names may make two
// different signatures share a cache entry.
TEST(KernelCache, KeyDistinguishesParameterNamesFromSeparators) {
  SettingsGuard guard;
  clear_kernel_cache();
  const Kernel two = compile("x + y", {{"x", DType::Float64}, {"y", DType::Float64}});
  EXPECT_EQ(two.signature().size(), 2u);
  // One parameter whose name spells the two-parameter key: "x" and "y" are not defined for it.
  const Signature odd = {{"x:float64/a,y", DType::Float64}};
  try {
    const Kernel one = compile("x + y", odd);
    ADD_FAILURE() << "compiled with a signature that lacks x and y; got a kernel for "
                  << one.signature().size() << " parameters";
  } catch (const NameError&) {
  }
}

TEST(KernelCache, LeastRecentlyUsedIsEvictedFirst) {
  SettingsGuard guard;
  clear_kernel_cache();
  set_kernel_cache_capacity(3);
  EXPECT_EQ(kernel_cache_stats().capacity, 3u);
  const std::string a = affine(11, 1), b = affine(11, 2), c = affine(11, 3), d = affine(11, 4);
  StatsDelta delta;
  compile(a, kX);
  compile(b, kX);
  compile(c, kX);
  EXPECT_EQ(delta.misses(), 3u);
  EXPECT_EQ(delta.evictions(), 0u);
  EXPECT_EQ(cache_size(), 3u);
  compile(a, kX);  // a becomes the most recent: b is now the least recent
  EXPECT_EQ(delta.hits(), 1u);
  compile(d, kX);  // evicts b
  EXPECT_EQ(delta.misses(), 4u);
  EXPECT_EQ(delta.evictions(), 1u);
  EXPECT_EQ(cache_size(), 3u);
  compile(a, kX);
  compile(c, kX);
  compile(d, kX);
  EXPECT_EQ(delta.hits(), 4u) << "a, c and d should still be cached";
  EXPECT_EQ(delta.misses(), 4u);
  const Kernel again = compile(b, kX);  // b was evicted: a miss, evicting a (least recent now)
  EXPECT_EQ(delta.misses(), 5u);
  EXPECT_EQ(delta.evictions(), 2u);
  EXPECT_TRUE(Computes(again, 11, 2));
  compile(c, kX);
  compile(d, kX);
  compile(b, kX);
  EXPECT_EQ(delta.hits(), 7u);
  compile(a, kX);
  EXPECT_EQ(delta.misses(), 6u) << "a should have been evicted";
}

TEST(KernelCache, ShrinkingEvictsLeastRecent) {
  SettingsGuard guard;
  clear_kernel_cache();
  const std::string a = affine(12, 1), b = affine(12, 2), c = affine(12, 3);
  compile(a, kX);
  compile(b, kX);
  compile(c, kX);
  compile(a, kX);  // recency: a, c, b
  StatsDelta delta;
  set_kernel_cache_capacity(1);
  EXPECT_EQ(delta.evictions(), 2u);
  EXPECT_EQ(cache_size(), 1u);
  compile(a, kX);
  EXPECT_EQ(delta.hits(), 1u) << "the most recently used kernel should survive";
  compile(c, kX);
  EXPECT_EQ(delta.misses(), 1u);
  // Growing keeps what is there.
  set_kernel_cache_capacity(10);
  EXPECT_EQ(cache_size(), 1u);
  compile(c, kX);
  EXPECT_EQ(delta.hits(), 2u);
}

TEST(KernelCache, ZeroCapacityCachesNothing) {
  SettingsGuard guard;
  clear_kernel_cache();
  set_kernel_cache_capacity(0);
  StatsDelta delta;
  const Kernel first = compile(affine(13, 1), kX);
  const Kernel second = compile(affine(13, 1), kX);
  EXPECT_EQ(delta.misses(), 2u);
  EXPECT_EQ(delta.hits(), 0u);
  EXPECT_EQ(cache_size(), 0u);
  EXPECT_TRUE(Computes(first, 13, 1));
  EXPECT_TRUE(Computes(second, 13, 1));
}

TEST(KernelCache, KernelOutlivesItsEntry) {
  SettingsGuard guard;
  clear_kernel_cache();
  set_kernel_cache_capacity(2);
  const Kernel kept = compile(affine(14, 1), kX);
  compile(affine(14, 2), kX);
  StatsDelta delta;
  compile(affine(14, 3), kX);  // evicts the kept kernel's entry
  compile(affine(14, 4), kX);
  EXPECT_EQ(delta.evictions(), 2u);
  EXPECT_TRUE(Computes(kept, 14, 1));
  EXPECT_TRUE(Computes(kept, 14, 1, 100000));  // large enough to run on the thread pool
  clear_kernel_cache();
  EXPECT_EQ(cache_size(), 0u);
  EXPECT_TRUE(Computes(kept, 14, 1));
  // A copy made after the eviction shares the code, and survives the original.
  std::optional<Kernel> original = compile(affine(14, 5), kX);
  const Kernel copy = *original;
  clear_kernel_cache();
  original.reset();
  EXPECT_TRUE(Computes(copy, 14, 5));
  // Recompiling the evicted text gives a new, equally good kernel; the old one still works.
  const Kernel fresh = compile(affine(14, 1), kX);
  EXPECT_TRUE(Computes(fresh, 14, 1));
  EXPECT_TRUE(Computes(kept, 14, 1));
  EXPECT_EQ(kept.ir(), fresh.ir());
}

TEST(KernelCache, ClearCountsEvictions) {
  SettingsGuard guard;
  clear_kernel_cache();
  compile(affine(15, 1), kX);
  compile(affine(15, 2), kX);
  StatsDelta delta;
  clear_kernel_cache();
  EXPECT_EQ(delta.evictions(), 2u);
  EXPECT_EQ(cache_size(), 0u);
  compile(affine(15, 1), kX);
  EXPECT_EQ(delta.misses(), 1u);
}

TEST(KernelCache, FailedCompileIsNotCached) {
  SettingsGuard guard;
  clear_kernel_cache();
  const Kernel good = compile(affine(16, 1), kX);
  StatsDelta delta;
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_THROW(compile("x +", kX), SyntaxError);
    EXPECT_THROW(compile("x + y", kX), NameError);
    EXPECT_THROW(compile("~x", kX), TypeError);
    EXPECT_THROW(compile("sum(x) + 1", kX), TypeError);
  }
  EXPECT_EQ(delta.hits(), 0u) << "a failure must not be replayed from the cache";
  EXPECT_EQ(delta.misses(), 12u);
  EXPECT_EQ(cache_size(), 1u);
  // The cache stays usable.
  EXPECT_TRUE(Computes(compile(affine(16, 1), kX), 16, 1));
  EXPECT_EQ(delta.hits(), 1u);
  EXPECT_TRUE(Computes(compile(affine(16, 2), kX), 16, 2));
  EXPECT_EQ(cache_size(), 2u);
  EXPECT_TRUE(Computes(good, 16, 1));
  // evaluate() reports the same errors.
  EXPECT_THROW(evaluate("x +", {{"x", Array::from(iota(3))}}), SyntaxError);
  EXPECT_THROW(evaluate("x + y", {{"x", Array::from(iota(3))}}), NameError);
}

// A failed compile is not cached, so it must not push a good kernel out of a full cache either.
TEST(KernelCache, FailedCompileDoesNotEvict) {
  SettingsGuard guard;
  clear_kernel_cache();
  set_kernel_cache_capacity(2);
  compile(affine(17, 1), kX);
  compile(affine(17, 2), kX);
  StatsDelta delta;
  EXPECT_THROW(compile("x +", kX), SyntaxError);
  EXPECT_EQ(delta.evictions(), 0u);
  EXPECT_EQ(cache_size(), 2u);
  compile(affine(17, 1), kX);
  compile(affine(17, 2), kX);
  EXPECT_EQ(delta.hits(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Concurrency (run these under ThreadSanitizer: --gtest_filter='Concurrency*')

struct Failures {
  std::vector<std::string> messages;
  void add(std::string message) { messages.push_back(std::move(message)); }
};

void report(const std::vector<Failures>& per_thread) {
  std::size_t total = 0;
  for (std::size_t t = 0; t < per_thread.size(); ++t) {
    total += per_thread[t].messages.size();
    for (std::size_t k = 0; k < per_thread[t].messages.size() && k < 5; ++k)
      ADD_FAILURE() << "thread " << t << ": " << per_thread[t].messages[k];
  }
  EXPECT_EQ(total, 0u);
}

// Runs `body(thread)` on `threads` threads released together, while another thread keeps
// changing the number of evaluation threads.
template <class Body>
void run_concurrently(int threads, Body body) {
  std::atomic<bool> done{false};
  std::atomic<int> changes{0};
  std::thread changer([&] {
    int n = 1;
    while (!done.load()) {
      set_num_threads(n);
      n = n % 4 + 1;
      changes.fetch_add(1);
      std::this_thread::yield();
    }
  });
  std::barrier start(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      start.arrive_and_wait();
      body(t);
    });
  for (std::thread& worker : workers) worker.join();
  done.store(true);
  changer.join();
  EXPECT_GT(changes.load(), 0);
}

TEST(ConcurrencyCache, MixedCompileAndEvaluate) {
  SettingsGuard guard;
  clear_kernel_cache();
  constexpr int kThreads = 8;
  constexpr int kIterations = 200;
  constexpr int kShared = 3;    // expressions every thread uses
  constexpr int kDistinct = 3;  // expressions only one thread uses
  std::vector<Failures> failures(kThreads);
  StatsDelta delta;
  run_concurrently(kThreads, [&](int t) {
    for (int i = 0; i < kIterations; ++i) {
      const bool shared = i % 2 == 0;
      const int scale = shared ? 20 + (i / 2) % kShared : 100 + t * kDistinct + (i / 2) % kDistinct;
      const int offset = shared ? 1 : t;
      const std::string text = affine(scale, offset);
      // Mostly small inputs; every 16th is large enough to be split across the thread pool.
      const int n = i % 16 == 0 ? 40000 + i : 1 + (i * 7 + t) % 50;
      const std::vector<double> x = iota(n, -3.0 * t);
      try {
        std::vector<double> got;
        switch (i % 3) {
          case 0: got = compile(text, kX)({Array::from(x)}).to_vector<double>(); break;
          case 1: got = evaluate(text, {{"x", Array::from(x)}}).to_vector<double>(); break;
          default: {
            Array out = Array::empty(DType::Float64, {n});
            evaluate(text, {{"x", Array::from(x)}}, out);
            got = out.to_vector<double>();
          }
        }
        if (got.size() != x.size()) {
          failures[t].add(text + ": wrong size");
          continue;
        }
        for (int k = 0; k < n; ++k) {
          if (got[k] != x[k] * scale + offset) {
            failures[t].add(text + " at " + std::to_string(k) + ": " + std::to_string(got[k]));
            break;
          }
        }
      } catch (const std::exception& error) {
        failures[t].add(text + ": " + error.what());
      }
    }
  });
  report(failures);
  // Each distinct key compiled exactly once: nothing was evicted (capacity 256).
  EXPECT_EQ(delta.misses(), static_cast<std::size_t>(kShared + kThreads * kDistinct));
  EXPECT_EQ(delta.hits() + delta.misses(), static_cast<std::size_t>(kThreads * kIterations));
  EXPECT_EQ(delta.evictions(), 0u);
  EXPECT_EQ(cache_size(), static_cast<std::size_t>(kShared + kThreads * kDistinct));
}

TEST(ConcurrencyCache, SameNewKernelCompilesOnce) {
  SettingsGuard guard;
  clear_kernel_cache();
  constexpr int kThreads = 8;
  std::vector<Failures> failures(kThreads);
  for (int round = 0; round < 5; ++round) {
    const std::string text = "sin(x)*" + std::to_string(round) + " + x";
    StatsDelta delta;
    run_concurrently(kThreads, [&](int t) {
      try {
        const Kernel kernel = compile(text, kX);
        const std::vector<double> x = iota(33, t);
        const std::vector<double> got = kernel({Array::from(x)}).to_vector<double>();
        const std::vector<double> want = evaluate(text, {{"x", Array::from(x)}}).to_vector<double>();
        if (got != want) failures[t].add(text + ": kernels disagree");
      } catch (const std::exception& error) {
        failures[t].add(text + ": " + error.what());
      }
    });
    EXPECT_EQ(delta.misses(), 1u) << text;
    EXPECT_EQ(delta.hits(), static_cast<std::size_t>(2 * kThreads - 1)) << text;
  }
  report(failures);
}

TEST(ConcurrencyCache, FailedCompileReachesEveryWaiter) {
  SettingsGuard guard;
  clear_kernel_cache();
  constexpr int kThreads = 8;
  std::vector<Failures> failures(kThreads);
  const std::size_t size_before = cache_size();
  run_concurrently(kThreads, [&](int t) {
    for (int i = 0; i < 20; ++i) {
      try {
        compile("x + * " + std::to_string(i), kX);
        failures[t].add("compiled a malformed expression");
      } catch (const SyntaxError&) {
        // Waiters receive the builder's exception object itself (shared_future rethrows it), and
        // its reference count lives in uninstrumented libsupc++: reading it here would show up
        // as a false data race under ThreadSanitizer. Its content is checked below.
      } catch (...) {
        failures[t].add("wrong error type");
      }
    }
    try {
      if (!Computes(compile(affine(18, 1), kX), 18, 1)) failures[t].add("wrong result after failures");
    } catch (const std::exception& error) {
      failures[t].add(error.what());
    }
  });
  report(failures);
  EXPECT_EQ(cache_size(), size_before + 1);
  try {
    compile("x + * 0", kX);
    ADD_FAILURE() << "compiled a malformed expression";
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.column(), 5u);
  }
}

// Capacity far below the working set: entries are evicted while other threads still use the
// kernels they got from them.
TEST(ConcurrencyCache, EvictionUnderLoad) {
  SettingsGuard guard;
  clear_kernel_cache();
  set_kernel_cache_capacity(3);
  constexpr int kThreads = 8;
  constexpr int kIterations = 30;
  constexpr int kExpressions = 8;
  std::vector<Failures> failures(kThreads);
  StatsDelta delta;
  run_concurrently(kThreads, [&](int t) {
    std::vector<std::pair<Kernel, int>> held;  // kernels kept across evictions
    for (int i = 0; i < kIterations; ++i) {
      const int which = (i + t) % kExpressions;
      try {
        Kernel kernel = compile(affine(30 + which, which), kX);
        if (!Computes(kernel, 30 + which, which)) failures[t].add("fresh kernel " + std::to_string(which));
        if (i % 5 == 0) held.emplace_back(kernel, which);
        if (i % 3 == 0 && i % 7 == 0) set_kernel_cache_capacity(2 + (i + t) % 3);
      } catch (const std::exception& error) {
        failures[t].add(error.what());
      }
    }
    for (const auto& [kernel, which] : held)
      if (!Computes(kernel, 30 + which, which)) failures[t].add("held kernel " + std::to_string(which));
  });
  report(failures);
  EXPECT_GT(delta.evictions(), 0u);
  EXPECT_LE(cache_size(), 4u);
  EXPECT_EQ(delta.hits() + delta.misses(), static_cast<std::size_t>(kThreads * kIterations));
}

}  // namespace
}  // namespace exprjit
