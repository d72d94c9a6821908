// A compile that fails inside LLVM surfaces as exprjit::CompileError and leaves the kernel
// cache, the JIT and the process usable. The failure is real: the internal test hook makes the
// next module reference a symbol that no library defines, so ORC's link step reports it.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/jit.h"
#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

const Signature kX = {{"x", DType::Float64}};

double first_element(const Kernel& kernel) {
  return kernel({Array::from(std::vector<double>{2.0, 3.0})}).at<double>({0});
}

TEST(FailureIsolation, LinkFailureIsACompileErrorAndIsNotCached) {
  clear_kernel_cache();
  const Kernel before = compile("x*5", kX);  // a kernel that must survive the failure
  const CacheStats stats = kernel_cache_stats();
  const std::size_t live = jit::live_code_count();

  jit::fail_next_compiles_for_testing(1);
  ::testing::internal::CaptureStderr();
  try {
    compile("x*3 + 1", kX);
    ADD_FAILURE() << "the injected failure did not reach the caller";
  } catch (const CompileError& error) {
    // The cause is in the message, and nothing is printed (the library never writes to stderr).
    EXPECT_NE(std::string(error.what()).find("Symbols not found: [ exprjit_injected_unresolved_symbol ]"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(kernel_cache_stats().size, stats.size);
  EXPECT_EQ(jit::live_code_count(), live);

  // The same expression now compiles (the failure was not cached), and so does everything else.
  EXPECT_EQ(first_element(compile("x*3 + 1", kX)), 7.0);
  EXPECT_EQ(first_element(compile("x*4 + 1", kX)), 9.0);
  EXPECT_EQ(first_element(before), 10.0);
  EXPECT_EQ(kernel_cache_stats().size, stats.size + 2);
}

TEST(FailureIsolation, EvaluateReportsTheFailureAndRecovers) {
  jit::fail_next_compiles_for_testing(2);
  const Array x = Array::from(std::vector<double>{1.0, 4.0});
  EXPECT_THROW(evaluate("sqrt(x) + 100", {{"x", x}}), CompileError);
  Array out = Array::empty(DType::Float64, {2});
  EXPECT_THROW(evaluate("sqrt(x) + 100", {{"x", x}}, out), CompileError);
  EXPECT_EQ(evaluate("sqrt(x) + 100", {{"x", x}}).to_vector<double>(), (std::vector<double>{101.0, 102.0}));
}

// Failures injected while eight threads compile shared and private expressions: each call
// either throws CompileError or returns a correct kernel, waiters on a failed shared build get
// the error, and afterwards every expression compiles.
TEST(ConcurrencyFailure, InjectedFailuresUnderLoad) {
  clear_kernel_cache();
  constexpr int kThreads = 8;
  std::atomic<int> failures{0}, wrong{0}, unexpected{0};
  jit::fail_next_compiles_for_testing(12);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const int scale = i % 2 == 0 ? 50 + i : 100 + 10 * t + i;  // shared : private
        try {
          if (first_element(compile("x*" + std::to_string(scale) + " - 1", kX)) != 2.0 * scale - 1) wrong.fetch_add(1);
        } catch (const CompileError&) {
          failures.fetch_add(1);
        } catch (...) {
          unexpected.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  jit::fail_next_compiles_for_testing(0);
  EXPECT_GE(failures.load(), 12);  // shared builds' errors reach their waiters too
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(unexpected.load(), 0);
  for (int scale = 50; scale < 60; scale += 2) EXPECT_EQ(first_element(compile("x*" + std::to_string(scale) + " - 1", kX)), 2.0 * scale - 1);
}

}  // namespace
}  // namespace exprjit
