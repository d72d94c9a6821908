// A kernel is compiled first for contiguous operands only; the complete kernel (with the
// gather/scatter loop) is compiled on the first call with other strides. Every mix of calls,
// in any order and from several threads at once, must give the element-wise formula.
#include <cstdint>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

const Signature kAB{{"a", DType::Float64}, {"b", DType::Float64}};

Array ramp(std::int64_t n, double start) {
  std::vector<double> values(n);
  for (std::int64_t i = 0; i < n; ++i) values[i] = start + 0.5 * static_cast<double>(i);
  return Array::from(values);
}

TEST(AnyLayout, ContiguousThenStridedThenContiguous) {
  clear_kernel_cache();
  const Kernel kernel = compile("a*3 - b", kAB);
  const Array a = ramp(101, -7), b = ramp(202, 100);
  const ArrayView every_other = b.view().stepped(0, 2);
  for (int round = 0; round < 2; ++round) {
    const std::vector<double> plain = kernel({a, ramp(101, 3)}).to_vector<double>();
    for (int i = 0; i < 101; ++i) ASSERT_EQ(plain[i], (-7 + 0.5 * i) * 3 - (3 + 0.5 * i)) << i;
    const std::vector<double> strided = kernel({a.view().reversed(0), every_other}).to_vector<double>();
    for (int i = 0; i < 101; ++i) ASSERT_EQ(strided[i], (-7 + 0.5 * (100 - i)) * 3 - (100 + 0.5 * 2 * i)) << i;
  }
}

// A strided output (every other element) with contiguous inputs needs the complete kernel too.
TEST(AnyLayout, StridedOutput) {
  const Kernel kernel = compile("a + b", kAB);
  const Array a = ramp(50, 0), b = ramp(50, 1000);
  Array storage = Array::zeros(DType::Float64, {100});
  const ArrayView out = storage.view().stepped(0, 2);
  kernel({a, b}, out);
  const std::vector<double> got = storage.to_vector<double>();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(got[i], i % 2 ? 0.0 : 1000 + 0.5 * i) << i;
}

// Broadcast operands have stride 0; a one-element evaluation may take either kernel.
TEST(AnyLayout, BroadcastAndSingleElements) {
  const Kernel kernel = compile("a * b", kAB);
  const Array column = Array::from<double>({1, 2, 3}, Shape{3, 1});
  const Array row = Array::from<double>({10, 20, 30, 40}, Shape{1, 4});
  const std::vector<double> got = kernel({column, row}).to_vector<double>();
  ASSERT_EQ(got.size(), 12u);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) EXPECT_EQ(got[r * 4 + c], (r + 1) * 10.0 * (c + 1)) << r << "," << c;
  const std::vector<double> one = kernel({Array::from<double>({6}), Array::scalar(7.0)}).to_vector<double>();
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], 42.0);
}

// Several threads make the first strided call at once (named Concurrency* so that the TSan
// build of tools/check --sanitize runs it): the complete kernel compiles once and
// every caller gets right results. Large enough that each call also runs on the TBB pool.
TEST(ConcurrencyAnyLayout, FirstStridedCalls) {
  clear_kernel_cache();
  const Kernel kernel = compile("a - 2*b", kAB);
  const std::int64_t n = 100'000;
  const Array a = ramp(2 * n, 1), b = ramp(n, -5);
  const ArrayView a_strided = a.view().stepped(0, 2);
  const int before = get_num_threads();
  set_num_threads(2);
  std::vector<std::vector<double>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results)
    threads.emplace_back([&] { result = kernel({a_strided, b.view().reversed(0)}).to_vector<double>(); });
  for (auto& thread : threads) thread.join();
  set_num_threads(before);
  for (const auto& result : results) {
    ASSERT_EQ(result.size(), static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
      ASSERT_EQ(result[i], (1 + 0.5 * 2 * i) - 2 * (-5 + 0.5 * (n - 1 - i))) << i;
  }
}

// Axis reductions hand the kernel rows with an output stride that is neither 0 nor the item
// size when the reduced axis is not the fastest one: the complete kernel takes those.
TEST(AnyLayout, AxisReductions) {
  const Array m = Array::from<double>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Kernel rows = compile("sum(m, axis=1)", {{"m", DType::Float64}});
  const Kernel columns = compile("sum(m, axis=0)", {{"m", DType::Float64}});
  EXPECT_EQ(rows({m}).to_vector<double>(), (std::vector<double>{6, 15}));
  EXPECT_EQ(columns({m}).to_vector<double>(), (std::vector<double>{5, 7, 9}));
  const ArrayView transposed(m.data(), DType::Float64, {3, 2}, {8, 24});
  EXPECT_EQ(rows({transposed}).to_vector<double>(), (std::vector<double>{5, 7, 9}));
  EXPECT_EQ(columns({transposed}).to_vector<double>(), (std::vector<double>{6, 15}));
}

}  // namespace
}  // namespace exprjit
