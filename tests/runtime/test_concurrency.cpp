// exprjit used concurrently: one Kernel from many threads, reductions while the thread count
// changes, and evaluate() called from inside a oneTBB task or a user's own thread pool. Every
// suite here is named Concurrency* so that tools/check --sanitize runs it under ThreadSanitizer;
// each runs under a watchdog so that a deadlock fails instead of hanging.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "exprjit/exprjit.h"
#include "tests/support/watchdog.h"

namespace exprjit {
namespace {

using testing_support::run_with_watchdog;
using namespace std::chrono_literals;

// Large enough for the executor to split it into chunks on the TBB pool (kChunkElements 16384).
constexpr int kLarge = 5 * 16384 + 17;

class ThreadsGuard {
 public:
  ThreadsGuard() : threads_(get_num_threads()) {}
  ~ThreadsGuard() { set_num_threads(threads_); }
  ThreadsGuard(const ThreadsGuard&) = delete;
  ThreadsGuard& operator=(const ThreadsGuard&) = delete;

 private:
  int threads_;
};

// Keeps calling set_num_threads(1..4) until destroyed.
class ThreadCountChanger {
 public:
  ThreadCountChanger()
      : thread_([this] {
          for (int n = 1; !stop_.load(); n = n % 4 + 1) {
            set_num_threads(n);
            changes_.fetch_add(1);
            std::this_thread::sleep_for(100us);
          }
        }) {}
  ~ThreadCountChanger() {
    stop_.store(true);
    thread_.join();
  }
  int changes() const { return changes_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> changes_{0};
  std::thread thread_;
};

std::vector<double> ramp(int n, double start, double step) {
  std::vector<double> values(n);
  for (int i = 0; i < n; ++i) values[i] = start + step * i;
  return values;
}

// Counts mismatches against f(i) and keeps the first message (gtest assertions from many
// threads at once would interleave).
struct Mismatches {
  std::atomic<int> count{0};
  std::mutex mutex;
  std::string first;
  void add(const std::string& message) {
    if (count.fetch_add(1) == 0) {
      std::lock_guard lock(mutex);
      first = message;
    }
  }
};

// where(x > 0, sqrt(x), -x) * 2 + y: sqrt is correctly rounded, so the C++ reference is exact.
double reference(double x, double y) { return (x > 0 ? std::sqrt(x) : -x) * 2 + y; }

void check_against_reference(const std::vector<double>& x, double y, const Array& got, const std::string& where,
                             Mismatches& mismatches) {
  const std::vector<double> values = got.to_vector<double>();
  if (values.size() != x.size()) return mismatches.add(where + ": wrong size");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (values[i] != reference(x[i], y))
      return mismatches.add(where + ": element " + std::to_string(i) + " is " + std::to_string(values[i]));
}

TEST(ConcurrencyKernel, OneKernelFromManyThreadsWhileThreadCountChanges) {
  ThreadsGuard guard;
  const Kernel kernel =
      compile("where(x > 0, sqrt(x), -x) * 2 + y", {{"x", DType::Float64}, {"y", DType::Float64, true}});
  Mismatches mismatches;
  run_with_watchdog(300s, "one kernel, many threads", [&] {
    ThreadCountChanger changer;
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 12; ++i) {
          const int n = i % 3 == 0 ? kLarge + i : 1 + 13 * i + t;
          const std::vector<double> x = ramp(n, -100.0 * t - 3, 0.37);
          const double y = t + 0.25 * i;
          const std::string where = "thread " + std::to_string(t) + " call " + std::to_string(i);
          check_against_reference(x, y, kernel({Array::from(x), y}), where, mismatches);
          Array out = Array::empty(DType::Float64, {n});
          kernel({Array::from(x), y}, out);
          check_against_reference(x, y, out, where + " (out)", mismatches);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_GT(changer.changes(), 0);
  });
  EXPECT_EQ(mismatches.count.load(), 0) << mismatches.first;
}

// Integer sums are exact and chunked partials are folded in order: any thread count, any
// interleaving gives the same answer.
TEST(ConcurrencyReduction, SumsWhileThreadCountChanges) {
  ThreadsGuard guard;
  Mismatches mismatches;
  run_with_watchdog(300s, "concurrent reductions", [&] {
    ThreadCountChanger changer;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        std::vector<std::int64_t> values(kLarge);
        std::int64_t expected_full = 0;
        for (int i = 0; i < kLarge; ++i) {
          values[i] = (i * 7 + t) % 1000 - 500;
          expected_full += 3 * values[i] + t;
        }
        const Array x = Array::from(values);
        const Array rows = Array::from(values, Shape{1, kLarge});
        for (int i = 0; i < 6; ++i) {
          const std::string text = "sum(3*x + " + std::to_string(t) + ")";
          const std::int64_t full = evaluate(text, {{"x", x}}).at<std::int64_t>({});
          if (full != expected_full) mismatches.add(text + " = " + std::to_string(full));
          // Along the long axis of a (1, n) array: the per-row path.
          const Array row_sums = evaluate("sum(3*x + " + std::to_string(t) + ", axis=1)", {{"x", rows}});
          if (row_sums.at<std::int64_t>({0}) != expected_full) mismatches.add(text + " along axis 1");
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
  });
  EXPECT_EQ(mismatches.count.load(), 0) << mismatches.first;
}

// evaluate() inside a tbb::parallel_for body: exprjit's own arena is entered from a worker of
// another arena (nested parallelism). Must neither deadlock nor give wrong results.
TEST(ConcurrencyNesting, EvaluateInsideTbbParallelFor) {
  ThreadsGuard guard;
  set_num_threads(4);
  Mismatches mismatches;
  run_with_watchdog(300s, "evaluate inside tbb::parallel_for", [&] {
    tbb::task_arena user_arena(3);
    user_arena.execute([&] {
      tbb::parallel_for(0, 24, [&](int task) {
        const std::vector<double> x = ramp(kLarge, -task, 0.01);
        const double y = task;
        // Some tasks compile a new kernel, the others share one.
        const std::string text =
            task % 4 == 0 ? "where(x > 0, sqrt(x), -x) * 2 + y + 0*" + std::to_string(task)
                          : "where(x > 0, sqrt(x), -x) * 2 + y";
        check_against_reference(x, y, evaluate(text, {{"x", Array::from(x)}, {"y", y}}),
                                "task " + std::to_string(task), mismatches);
      });
    });
  });
  EXPECT_EQ(mismatches.count.load(), 0) << mismatches.first;
}

// A user's thread pool (plain std::threads and a queue) whose tasks call evaluate() while the
// submitting thread also evaluates.
class ThreadPool {
 public:
  explicit ThreadPool(int threads) {
    for (int t = 0; t < threads; ++t) workers_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    ready_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }
  void submit(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
      ++pending_;
    }
    ready_.notify_one();
  }
  void wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return pending_ == 0; });
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
      std::lock_guard lock(mutex_);
      if (--pending_ == 0) idle_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_, idle_;
  std::deque<std::function<void()>> tasks_;
  int pending_ = 0;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

TEST(ConcurrencyNesting, EvaluateInsideUserThreadPool) {
  ThreadsGuard guard;
  set_num_threads(2);
  Mismatches mismatches;
  run_with_watchdog(300s, "evaluate inside a std::thread pool", [&] {
    ThreadPool pool(4);
    for (int task = 0; task < 32; ++task) {
      pool.submit([&, task] {
        const int n = task % 2 == 0 ? kLarge : 100 + task;
        const std::vector<double> x = ramp(n, 1 - task, 0.5);
        const double y = -task;
        check_against_reference(x, y, evaluate("where(x > 0, sqrt(x), -x) * 2 + y", {{"x", Array::from(x)}, {"y", y}}),
                                "pool task " + std::to_string(task), mismatches);
      });
    }
    const std::vector<double> x = ramp(kLarge, -7, 0.001);
    check_against_reference(x, 1.0, evaluate("where(x > 0, sqrt(x), -x) * 2 + y", {{"x", Array::from(x)}, {"y", 1.0}}),
                            "submitting thread", mismatches);
    pool.wait_idle();
  });
  EXPECT_EQ(mismatches.count.load(), 0) << mismatches.first;
}

}  // namespace
}  // namespace exprjit
