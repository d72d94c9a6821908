// The runtime around the kernels: broadcasting, memory layouts, `out`, aliasing, empty and 0-d
// arrays, sizes around the vector width and the chunk size, thread-count independence,
// reductions and the errors of the public API.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "exprjit/exprjit.h"
#include "tests/support/dtypes.h"

namespace exprjit {
namespace {

using i32 = std::int32_t;
using i64 = std::int64_t;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using testing_support::with_type;

template <class T> std::vector<T> random_values(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if constexpr (std::is_same_v<T, bool>) out[i] = (rng() & 1) != 0;
    else if constexpr (std::is_integral_v<T>) out[i] = static_cast<T>(static_cast<i64>(rng() % 2001) - 1000);
    else out[i] = static_cast<T>(std::uniform_real_distribution<double>(-100.0, 100.0)(rng));
  }
  return out;
}

template <class T> Array random_array(const Shape& shape, std::uint64_t seed) {
  return Array::from(random_values<T>(static_cast<std::size_t>(element_count(shape)), seed), shape);
}

// Same dtype, shape and bit pattern (any NaN equals any NaN).
void expect_identical(const Array& got, const Array& want, const std::string& what = "") {
  ASSERT_EQ(got.dtype(), want.dtype()) << what;
  ASSERT_EQ(got.shape(), want.shape()) << what;
  with_type(want.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const std::vector<T> g = got.to_vector<T>(), w = want.to_vector<T>();
    int bad = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      bool ok;
      if constexpr (std::is_floating_point_v<T>)
        ok = (std::isnan(g[i]) && std::isnan(w[i])) || std::memcmp(&g[i], &w[i], sizeof(T)) == 0;
      else
        ok = g[i] == w[i];
      if (!ok && bad++ < 5) ADD_FAILURE() << what << " element " << i << ": got " << +g[i] << " want " << +w[i];
    }
    EXPECT_EQ(bad, 0) << what;
  });
}

// Restores the thread count when a test ends, whatever happens.
class ThreadCountGuard {
 public:
  ThreadCountGuard() : saved_(get_num_threads()) {}
  ~ThreadCountGuard() { set_num_threads(saved_); }

 private:
  int saved_;
};

// ---------------------------------------------------------------------------------------------
// broadcasting

TEST(Broadcast, ColumnWithRow) {
  const Array a = Array::from<double>({1, 2, 3}, Shape{3, 1});
  const Array b = Array::from<double>({10, 20, 30, 40}, Shape{1, 4});
  const Array r = evaluate("a * 100 + b", {{"a", a}, {"b", b}});
  ASSERT_EQ(r.shape(), (Shape{3, 4}));
  for (i64 i = 0; i < 3; ++i)
    for (i64 j = 0; j < 4; ++j) EXPECT_EQ(r.at<double>({i, j}), (i + 1) * 100.0 + (j + 1) * 10.0) << i << "," << j;
}

TEST(Broadcast, VectorWithMatrix) {
  const Array v = Array::from<i32>({1, 2, 3, 4, 5});
  const Array m = Array::from<i32>({0, 10, 20, 30, 40, 50, 60, 70, 80, 90}, Shape{2, 5});
  for (const char* e : {"v + m", "m + v"}) {
    const Array r = evaluate(e, {{"v", v}, {"m", m}});
    ASSERT_EQ(r.shape(), (Shape{2, 5})) << e;
    ASSERT_EQ(r.dtype(), DType::Int32);
    for (i64 i = 0; i < 2; ++i)
      for (i64 j = 0; j < 5; ++j) EXPECT_EQ(r.at<i32>({i, j}), (j + 1) + 10 * (5 * i + j)) << e;
  }
}

TEST(Broadcast, HigherRanksAndUnitDimensions) {
  const Array a = random_array<double>({2, 3, 37}, 1);
  const Array b = random_array<double>({3, 1}, 2);
  const Array c = random_array<double>({37}, 3);
  const Array r = evaluate("a - b * c", {{"a", a}, {"b", b}, {"c", c}});
  ASSERT_EQ(r.shape(), (Shape{2, 3, 37}));
  for (i64 i = 0; i < 2; ++i)
    for (i64 j = 0; j < 3; ++j)
      for (i64 k = 0; k < 37; ++k)
        ASSERT_EQ(r.at<double>({i, j, k}), a.at<double>({i, j, k}) - b.at<double>({j, 0}) * c.at<double>({k}));
  // (4,1,3) with (2,1) -> (4,2,3)
  const Array x = random_array<i64>({4, 1, 3}, 4);
  const Array y = random_array<i64>({2, 1}, 5);
  const Array s = evaluate("x * y", {{"x", x}, {"y", y}});
  ASSERT_EQ(s.shape(), (Shape{4, 2, 3}));
  for (i64 i = 0; i < 4; ++i)
    for (i64 j = 0; j < 2; ++j)
      for (i64 k = 0; k < 3; ++k) EXPECT_EQ(s.at<i64>({i, j, k}), x.at<i64>({i, 0, k}) * y.at<i64>({j, 0}));
  // Size-1 arrays broadcast like scalars.
  const Array one = Array::from<double>({2.0}, Shape{1, 1});
  const Array t = evaluate("c * one", {{"c", c}, {"one", one}});
  ASSERT_EQ(t.shape(), (Shape{1, 37}));
  for (i64 k = 0; k < 37; ++k) EXPECT_EQ(t.at<double>({0, k}), 2.0 * c.at<double>({k}));
}

TEST(Broadcast, ScalarsWithArrays) {
  const std::vector<double> v = random_values<double>(37, 6);
  const Array a = Array::from(v);
  Array r = evaluate("a * s + t", {{"a", a}, {"s", 3.0}, {"t", Array::scalar(0.5)}});
  ASSERT_EQ(r.shape(), (Shape{37}));
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(r.to_vector<double>()[i], v[i] * 3.0 + 0.5);
  r = evaluate("s - a", {{"a", a}, {"s", Array::scalar(1.0)}});
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(r.to_vector<double>()[i], 1.0 - v[i]);
  // A scalar with a 2-d array.
  const Array m = random_array<float>({5, 7}, 7);
  r = evaluate("m + s", {{"m", m}, {"s", 1.5f}});
  ASSERT_EQ(r.shape(), (Shape{5, 7}));
  ASSERT_EQ(r.dtype(), DType::Float32);
  for (i64 i = 0; i < 5; ++i)
    for (i64 j = 0; j < 7; ++j) EXPECT_EQ(r.at<float>({i, j}), m.at<float>({i, j}) + 1.5f);
}

TEST(Broadcast, ZeroDimWithZeroDim) {
  Array r = evaluate("a * b + 1", {{"a", Array::scalar(3.0)}, {"b", Array::scalar(4.0)}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.shape(), Shape{});
  EXPECT_EQ(r.size(), 1);
  EXPECT_EQ(r.at<double>({}), 13.0);
  r = evaluate("a < b", {{"a", i32{3}}, {"b", i64{4}}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.dtype(), DType::Bool);
  EXPECT_TRUE(r.at<bool>({}));
  // Only literals.
  r = evaluate("2 * 3", {});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.dtype(), DType::Int32);
  EXPECT_EQ(r.at<i32>({}), 6);
  r = evaluate("2.5 * 2", {});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.at<double>({}), 5.0);
}

TEST(Broadcast, IncompatibleShapesThrowShapeError) {
  const Array a3 = Array::zeros(DType::Float64, {3});
  const Array a4 = Array::zeros(DType::Float64, {4});
  const Array a23 = Array::zeros(DType::Float64, {2, 3});
  const Array a32 = Array::zeros(DType::Float64, {3, 2});
  const Array a0 = Array::zeros(DType::Float64, {0});
  const Array a2 = Array::zeros(DType::Float64, {2});
  EXPECT_THROW(evaluate("a + b", {{"a", a3}, {"b", a4}}), ShapeError);
  EXPECT_THROW(evaluate("a + b", {{"a", a23}, {"b", a32}}), ShapeError);
  EXPECT_THROW(evaluate("a + b", {{"a", a23}, {"b", a2}}), ShapeError);
  EXPECT_THROW(evaluate("a + b", {{"a", a0}, {"b", a2}}), ShapeError);
  EXPECT_THROW(evaluate("a + b + c", {{"a", a3}, {"b", a23}, {"c", a4}}), ShapeError);
  EXPECT_THROW(evaluate("sum(a + b)", {{"a", a3}, {"b", a4}}), ShapeError);
  // Through a compiled kernel too.
  const Kernel k = compile("a + b", {{"a", DType::Float64, false}, {"b", DType::Float64, false}});
  EXPECT_THROW(k({a3, a4}), ShapeError);
  // The error is an exprjit::Error.
  EXPECT_THROW(evaluate("a + b", {{"a", a3}, {"b", a4}}), Error);
}

// ---------------------------------------------------------------------------------------------
// non-contiguous inputs: results equal the evaluation of contiguous copies

void expect_layout_independent(const std::string& expression, const Bindings& views) {
  Bindings copies;
  for (const auto& [name, operand] : views) copies.emplace_back(name, Array::copy_of(operand.view()));
  Array got, want;
  ASSERT_NO_THROW(got = evaluate(expression, views)) << expression;
  ASSERT_NO_THROW(want = evaluate(expression, copies)) << expression;
  expect_identical(got, want, expression);
}

TEST(Layouts, SteppedViews) {
  const Array base = random_array<double>({301}, 10);
  const Array other = random_array<double>({101}, 11);
  const ArrayView every3 = base.view().stepped(0, 3);
  ASSERT_EQ(every3.shape(), (Shape{101}));
  ASSERT_FALSE(every3.is_c_contiguous());
  expect_layout_independent("a * 2 + b", {{"a", every3}, {"b", other}});
  expect_layout_independent("a * b - a", {{"a", every3}, {"b", every3}});
  // Values, not only self-consistency.
  const Array r = evaluate("a + 0", {{"a", every3}});
  for (i64 i = 0; i < 101; ++i) EXPECT_EQ(r.at<double>({i}), base.at<double>({3 * i}));
  // 2-d views stepped along either axis, int32 and float32 mixed.
  const Array m = random_array<i32>({9, 41}, 12);
  const Array f = random_array<float>({9, 41}, 13);
  expect_layout_independent("a * 3 + b", {{"a", m.view().stepped(1, 2)}, {"b", f.view().stepped(1, 2)}});
  expect_layout_independent("a * 3 + b", {{"a", m.view().stepped(0, 4)}, {"b", f.view().stepped(0, 4)}});
  expect_layout_independent("(a > 0) & (b < 0)", {{"a", m.view().stepped(0, 2).stepped(1, 3)}, {"b", f.view().stepped(0, 2).stepped(1, 3)}});
  // bool inputs too.
  const Array flags = random_array<bool>({77}, 14);
  expect_layout_independent("a | b", {{"a", flags.view().stepped(0, 2)}, {"b", flags.view().stepped(0, 2).reversed(0)}});
}

TEST(Layouts, ReversedViews) {
  const Array v = random_array<double>({37}, 20);
  const ArrayView rv = v.view().reversed(0);
  const Array r = evaluate("a * 1", {{"a", rv}});
  for (i64 i = 0; i < 37; ++i) EXPECT_EQ(r.at<double>({i}), v.at<double>({36 - i}));
  expect_layout_independent("a - b", {{"a", rv}, {"b", v}});
  const Array m = random_array<i64>({6, 35}, 21);
  expect_layout_independent("a + b", {{"a", m.view().reversed(0)}, {"b", m}});
  expect_layout_independent("a + b", {{"a", m.view().reversed(1)}, {"b", m}});
  expect_layout_independent("a * b", {{"a", m.view().reversed(0).reversed(1)}, {"b", m.view().reversed(1)}});
  expect_layout_independent("a // 7", {{"a", m.view().reversed(1).stepped(1, 3)}});
}

TEST(Layouts, TransposedViews) {
  const i64 rows = 13, cols = 37;
  const Array m = random_array<double>({rows, cols}, 30);
  const ArrayView t(m.data(), DType::Float64, {cols, rows}, {8, 8 * cols});
  const Array r = evaluate("a + 0.0", {{"a", t}});
  ASSERT_EQ(r.shape(), (Shape{cols, rows}));
  for (i64 i = 0; i < cols; ++i)
    for (i64 j = 0; j < rows; ++j) ASSERT_EQ(r.at<double>({i, j}), m.at<double>({j, i}));
  const Array other = random_array<double>({cols, rows}, 31);
  expect_layout_independent("a * b + 1", {{"a", t}, {"b", other}});
  // float32 transposed, 3-d with permuted axes.
  const Array f = random_array<float>({4, 5, 19}, 32);
  const ArrayView p(f.data(), DType::Float32, {19, 4, 5}, {4, 4 * 5 * 19, 4 * 19});
  expect_layout_independent("a * a - 2", {{"a", p}});
}

TEST(Layouts, BroadcastZeroStrideViews) {
  const Array row = random_array<double>({37}, 40);
  const ArrayView repeated(row.data(), DType::Float64, {5, 37}, {0, 8});
  const Array m = random_array<double>({5, 37}, 41);
  expect_layout_independent("a + b", {{"a", repeated}, {"b", m}});
  const Array r = evaluate("a * 1", {{"a", repeated}});
  for (i64 i = 0; i < 5; ++i)
    for (i64 j = 0; j < 37; ++j) ASSERT_EQ(r.at<double>({i, j}), row.at<double>({j}));
  // Every element the same value.
  const Array one = Array::from<i32>({7});
  const ArrayView everywhere(one.data(), DType::Int32, {3, 37}, {0, 0});
  const Array s = evaluate("a + b", {{"a", everywhere}, {"b", random_array<i32>({3, 37}, 42)}});
  expect_layout_independent("a + b", {{"a", everywhere}, {"b", random_array<i32>({3, 37}, 42)}});
  EXPECT_EQ(s.shape(), (Shape{3, 37}));
  // Column broadcast: (37,1) viewed as (37,4).
  const ArrayView column(row.data(), DType::Float64, {37, 4}, {8, 0});
  expect_layout_independent("a - b", {{"a", column}, {"b", random_array<double>({37, 4}, 43)}});
}

TEST(Layouts, LargeNonContiguous) {
  const Array base = random_array<float>({2 * 100003}, 50);
  const ArrayView stepped = base.view().stepped(0, 2);
  const Array other = random_array<float>({100003}, 51);
  expect_layout_independent("a * b + a", {{"a", stepped}, {"b", other.view().reversed(0)}});
  const Array m = random_array<double>({317, 319}, 52);
  const ArrayView t(m.data(), DType::Float64, {319, 317}, {8, 8 * 319});
  expect_layout_independent("a - b * 2", {{"a", t}, {"b", random_array<double>({319, 317}, 53)}});
}

TEST(Layouts, NonContiguousOut) {
  const Array a = random_array<double>({11, 37}, 60);
  const Array want = evaluate("a * 3 - 1", {{"a", a}});
  // out every other column of a wider buffer; the gaps are left alone.
  Array buffer = Array::zeros(DType::Float64, {11, 74});
  const ArrayView out = buffer.view().stepped(1, 2);
  evaluate("a * 3 - 1", {{"a", a}}, out);
  for (i64 i = 0; i < 11; ++i)
    for (i64 j = 0; j < 74; ++j) {
      if (j % 2 == 0) ASSERT_EQ(buffer.at<double>({i, j}), want.at<double>({i, j / 2}));
      else ASSERT_EQ(buffer.at<double>({i, j}), 0.0) << "gap written at " << i << "," << j;
    }
  // Transposed and reversed outs.
  Array t = Array::zeros(DType::Float64, {37, 11});
  evaluate("a * 3 - 1", {{"a", a}}, ArrayView(t.data(), DType::Float64, {11, 37}, {8, 8 * 11}));
  for (i64 i = 0; i < 11; ++i)
    for (i64 j = 0; j < 37; ++j) ASSERT_EQ(t.at<double>({j, i}), want.at<double>({i, j}));
  Array rev = Array::zeros(DType::Float64, {11, 37});
  evaluate("a * 3 - 1", {{"a", a}}, rev.view().reversed(1));
  for (i64 i = 0; i < 11; ++i)
    for (i64 j = 0; j < 37; ++j) ASSERT_EQ(rev.at<double>({i, 36 - j}), want.at<double>({i, j}));
}

// ---------------------------------------------------------------------------------------------
// the `out` overload

TEST(Out, WritesIntoTheGivenArray) {
  const Array a = random_array<double>({37}, 70);
  const Array b = random_array<double>({37}, 71);
  Array out = Array::zeros(DType::Float64, {37});
  evaluate("a * b + 2", {{"a", a}, {"b", b}}, out);
  expect_identical(out, evaluate("a * b + 2", {{"a", a}, {"b", b}}));
  // Broadcast inputs into a 2-d out.
  Array out2 = Array::zeros(DType::Int64, {3, 4});
  evaluate("a * 10 + b", {{"a", Array::from<i64>({1, 2, 3}, Shape{3, 1})}, {"b", Array::from<i64>({1, 2, 3, 4})}}, out2);
  for (i64 i = 0; i < 3; ++i)
    for (i64 j = 0; j < 4; ++j) EXPECT_EQ(out2.at<i64>({i, j}), (i + 1) * 10 + j + 1);
  // 0-d out.
  Array zero_d = Array::zeros(DType::Float64, {});
  evaluate("a + b", {{"a", 1.0}, {"b", 2.0}}, zero_d);
  EXPECT_EQ(zero_d.at<double>({}), 3.0);
  // bool out.
  Array flags = Array::zeros(DType::Bool, {37});
  evaluate("a < b", {{"a", a}, {"b", b}}, flags);
  expect_identical(flags, evaluate("a < b", {{"a", a}, {"b", b}}));
  // A strided bool out: the bytes in between stay untouched.
  Array bytes = Array::zeros(DType::Bool, {74});
  evaluate("a < b", {{"a", a}, {"b", b}}, bytes.view().stepped(0, 2));
  const std::vector<bool> want = flags.to_vector<bool>(), all = bytes.to_vector<bool>();
  for (std::size_t i = 0; i < 74; ++i) EXPECT_EQ(all[i], i % 2 == 0 ? want[i / 2] : false) << i;
}

TEST(Out, WrongDTypeOrShape) {
  const Array a = random_array<double>({37}, 72);
  Array f32 = Array::zeros(DType::Float32, {37});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, f32), TypeError);
  Array i64s = Array::zeros(DType::Int64, {37});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, i64s), TypeError);
  Array b = Array::zeros(DType::Float64, {37});
  EXPECT_THROW(evaluate("a < 2", {{"a", a}}, b, {}, Casting::No), TypeError);
  evaluate("a < 2", {{"a", a}}, b);  // bool -> float64 is a safe cast (test_casts.cpp has the rules)
  for (std::int64_t i = 0; i < 37; ++i) EXPECT_EQ(b.at<double>({i}), a.at<double>({i}) < 2 ? 1.0 : 0.0);
  Array short_out = Array::zeros(DType::Float64, {36});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, short_out), ShapeError);
  Array two_d = Array::zeros(DType::Float64, {1, 37});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, two_d), ShapeError);
  Array zero_d = Array::zeros(DType::Float64, {});
  EXPECT_THROW(evaluate("a * 2", {{"a", a}}, zero_d), ShapeError);
  // Reductions check their out too.
  Array sum_out = Array::zeros(DType::Float64, {37});
  EXPECT_THROW(evaluate("sum(a)", {{"a", a}}, sum_out), ShapeError);
  Array sum_i = Array::zeros(DType::Int64, {});
  EXPECT_THROW(evaluate("sum(a)", {{"a", a}}, sum_i), TypeError);
}

TEST(Out, AliasingAnInputExactly) {
  for (const i64 n : {i64{37}, i64{100003}}) {
    const std::vector<double> v = random_values<double>(static_cast<std::size_t>(n), 80);
    Array a = Array::from(v);
    evaluate("a*2+1", {{"a", a}}, a);
    const std::vector<double> got = a.to_vector<double>();
    for (i64 i = 0; i < n; ++i) ASSERT_EQ(got[i], v[i] * 2 + 1) << "n=" << n << " i=" << i;
  }
  // With another input, several uses of the aliased one, and int32.
  const std::vector<i32> x = random_values<i32>(1001, 81), y = random_values<i32>(1001, 82);
  Array xa = Array::from(x);
  evaluate("x * y - x", {{"x", xa}, {"y", Array::from(y)}}, xa);
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(xa.to_vector<i32>()[i], x[i] * y[i] - x[i]);
  // Exactly aliased and, as a second operand, the same memory read backwards.
  const std::vector<double> u = random_values<double>(1001, 84);
  Array ua = Array::from(u);
  evaluate("a + b", {{"a", ua}, {"b", ua.view().reversed(0)}}, ua);
  for (std::size_t i = 0; i < u.size(); ++i) ASSERT_EQ(ua.to_vector<double>()[i], u[i] + u[u.size() - 1 - i]) << i;
  // An int64 input overwritten by its float64 result (same element size and strides).
  const std::vector<i64> q = random_values<i64>(1001, 85);
  Array qa = Array::from(q);
  evaluate("a * 0.5", {{"a", qa}}, ArrayView(qa.data(), DType::Float64, {1001}));
  for (std::size_t i = 0; i < q.size(); ++i) {
    double got;
    std::memcpy(&got, static_cast<const char*>(qa.data()) + 8 * i, sizeof got);
    ASSERT_EQ(got, static_cast<double>(q[i]) * 0.5) << i;
  }
  // A non-contiguous view aliased exactly (same data and strides).
  Array m = random_array<double>({20, 37}, 83);
  const Array before = Array::copy_of(m);
  const ArrayView t(m.data(), DType::Float64, {37, 20}, {8, 8 * 37});
  evaluate("a - 1", {{"a", t}}, t);
  for (i64 i = 0; i < 20; ++i)
    for (i64 j = 0; j < 37; ++j) ASSERT_EQ(m.at<double>({i, j}), before.at<double>({i, j}) - 1);
}

// out overlapping an input in any other way gives the result of evaluating on a copy.
TEST(Out, PartialOverlapWithAnInput) {
  for (const i64 n : {i64{37}, i64{1000}, i64{100003}}) {
    const std::vector<double> v = random_values<double>(static_cast<std::size_t>(n + 1), 90);
    for (const int shift : {1, -1}) {
      Array buffer = Array::from(v);
      double* base = buffer.data_as<double>();
      const ArrayView in(shift > 0 ? base : base + 1, DType::Float64, {n});
      const ArrayView out(shift > 0 ? base + 1 : base, DType::Float64, {n});
      const Array want = evaluate("a*2+1", {{"a", Array::copy_of(in)}});
      evaluate("a*2+1", {{"a", in}}, out);
      expect_identical(Array::copy_of(out), want, "shift " + std::to_string(shift) + " n=" + std::to_string(n));
    }
    // out is the same memory read backwards.
    Array buffer = Array::from(v);
    const ArrayView in(buffer.data(), DType::Float64, {n + 1});
    const Array want = evaluate("a*2+1", {{"a", Array::copy_of(in)}});
    evaluate("a*2+1", {{"a", in}}, in.reversed(0));
    const std::vector<double> got = buffer.to_vector<double>(), expected = want.to_vector<double>();
    for (i64 i = 0; i <= n; ++i) ASSERT_EQ(got[n - i], expected[i]) << "reversed, n=" << n << " i=" << i;
  }
  // A square matrix written to its own transpose.
  const i64 s = 45;
  Array m = random_array<double>({s, s}, 91);
  const Array before = Array::copy_of(m);
  const ArrayView t(m.data(), DType::Float64, {s, s}, {8, 8 * s});
  evaluate("a * 2 + b", {{"a", m}, {"b", 0.5}}, t);
  for (i64 i = 0; i < s; ++i)
    for (i64 j = 0; j < s; ++j) ASSERT_EQ(m.at<double>({j, i}), before.at<double>({i, j}) * 2 + 0.5);
  // Overlap with the second of two inputs.
  const std::vector<i64> w = random_values<i64>(1001, 92);
  Array wb = Array::from(w);
  const ArrayView lo(wb.data(), DType::Int64, {1000});
  const ArrayView hi(wb.data_as<i64>() + 1, DType::Int64, {1000});
  const Array c = random_array<i64>({1000}, 93);
  const Array want = evaluate("c - a", {{"c", c}, {"a", Array::copy_of(lo)}});
  evaluate("c - a", {{"c", c}, {"a", lo}}, hi);
  expect_identical(Array::copy_of(hi), want, "int64 overlap");
}

// ---------------------------------------------------------------------------------------------
// empty, 1-element and 0-d arrays; sizes around the vector width and the chunk size

TEST(Sizes, EmptyArrays) {
  for (const Shape& shape : {Shape{0}, Shape{3, 0}, Shape{0, 5}, Shape{2, 0, 3}}) {
    const Array a = Array::empty(DType::Float64, shape);
    Array r = evaluate("a * 2 + 1", {{"a", a}});
    EXPECT_EQ(r.shape(), shape);
    EXPECT_EQ(r.size(), 0);
    EXPECT_EQ(r.dtype(), DType::Float64);
    r = evaluate("a < s", {{"a", a}, {"s", 1.0}});
    EXPECT_EQ(r.shape(), shape);
    EXPECT_EQ(r.dtype(), DType::Bool);
    Array out = Array::empty(DType::Float64, shape);
    EXPECT_NO_THROW(evaluate("a * 2", {{"a", a}}, out));
  }
  // (3,0) with (0,) and with (3,1).
  const Array e30 = Array::empty(DType::Int32, {3, 0});
  Array r = evaluate("a + b", {{"a", e30}, {"b", Array::empty(DType::Int32, {0})}});
  EXPECT_EQ(r.shape(), (Shape{3, 0}));
  r = evaluate("a + b", {{"a", e30}, {"b", Array::zeros(DType::Int64, {3, 1})}});
  EXPECT_EQ(r.shape(), (Shape{3, 0}));
  EXPECT_EQ(r.dtype(), DType::Int64);
  // (0,) with (1,) broadcasts to (0,).
  r = evaluate("a + b", {{"a", Array::empty(DType::Float32, {0})}, {"b", Array::from<float>({1.0f})}});
  EXPECT_EQ(r.shape(), (Shape{0}));
}

TEST(Sizes, EmptyViewWithoutData) {
  const ArrayView nothing(nullptr, DType::Float64, {0});
  Array r = evaluate("a + 1", {{"a", nothing}});
  EXPECT_EQ(r.shape(), Shape{0});
  r = evaluate("sum(a)", {{"a", nothing}});
  EXPECT_EQ(r.at<double>({}), 0.0);
  evaluate("a + 1", {{"a", Array::zeros(DType::Float64, {0})}}, ArrayView(nullptr, DType::Float64, {0}));
}

TEST(Sizes, OneElement) {
  Array r = evaluate("a * b", {{"a", Array::from<double>({3.0})}, {"b", Array::from<double>({-2.0})}});
  ASSERT_EQ(r.shape(), (Shape{1}));
  EXPECT_EQ(r.at<double>({0}), -6.0);
  r = evaluate("a + 1", {{"a", Array::from<i32>({41}, Shape{1, 1, 1})}});
  ASSERT_EQ(r.shape(), (Shape{1, 1, 1}));
  EXPECT_EQ(r.at<i32>({0, 0, 0}), 42);
  r = evaluate("~a", {{"a", Array::from<bool>({true})}});
  EXPECT_FALSE(r.at<bool>({0}));
}

TEST(Sizes, ZeroDimResults) {
  Array r = evaluate("a * 2 + b", {{"a", Array::scalar<i64>(20)}, {"b", i64{2}}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.dtype(), DType::Int64);
  EXPECT_EQ(r.at<i64>({}), 42);
  EXPECT_EQ(r.to_vector<i64>(), std::vector<i64>{42});
  r = evaluate("-a", {{"a", Array::scalar(1.5f)}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.at<float>({}), -1.5f);
  r = evaluate("a & b", {{"a", true}, {"b", Array::scalar(true)}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_TRUE(r.at<bool>({}));
}

template <class T> void check_sizes(const char* expression, i64 n, std::uint64_t seed) {
  const std::vector<T> a = random_values<T>(static_cast<std::size_t>(n), seed);
  const std::vector<T> b = random_values<T>(static_cast<std::size_t>(n), seed + 1);
  const Array r = evaluate(expression, {{"a", Array::from(a)}, {"b", Array::from(b)}});
  ASSERT_EQ(r.shape(), Shape{n});
  const std::vector<T> got = r.to_vector<T>();
  for (i64 i = 0; i < n; ++i) {
    const T want = static_cast<T>(a[i] * b[i] + a[i]);
    ASSERT_EQ(got[i], want) << expression << " n=" << n << " i=" << i;
  }
}

TEST(Sizes, OneToFortyAndBeyondTheChunk) {
  std::vector<i64> sizes;
  for (i64 n = 1; n <= 40; ++n) sizes.push_back(n);
  for (i64 n : {63, 64, 65, 16383, 16384, 16385, 32769, 100003}) sizes.push_back(n);
  for (const i64 n : sizes) {
    check_sizes<double>("a * b + a", n, static_cast<std::uint64_t>(n));
    check_sizes<float>("a * b + a", n, static_cast<std::uint64_t>(n) + 7);
    check_sizes<i32>("a * b + a", n, static_cast<std::uint64_t>(n) + 13);
    check_sizes<i64>("a * b + a", n, static_cast<std::uint64_t>(n) + 17);
    // bool results (1-byte stores) and a strided input.
    const std::vector<double> a = random_values<double>(static_cast<std::size_t>(2 * n), 99 + n);
    const Array base = Array::from(a);
    const Array r = evaluate("x > 0", {{"x", base.view().stepped(0, 2)}});
    ASSERT_EQ(r.shape(), Shape{n});
    const std::vector<bool> got = r.to_vector<bool>();
    for (i64 i = 0; i < n; ++i) ASSERT_EQ(got[i], a[2 * i] > 0) << "n=" << n << " i=" << i;
  }
}

// Memory with an inaccessible page on each side: an element read or written past either end of
// the data faults instead of passing unnoticed.
class GuardedBuffer {
 public:
  // `bytes` of usable memory, flush against the guard page after it (or before it).
  GuardedBuffer(std::size_t bytes, bool flush_end) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    data_pages_ = (bytes + page_ - 1) / page_ + 1;
    size_ = (data_pages_ + 2) * page_;
    void* map = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) throw std::runtime_error("mmap failed");
    base_ = static_cast<char*>(map);
    mprotect(base_, page_, PROT_NONE);
    mprotect(base_ + (data_pages_ + 1) * page_, page_, PROT_NONE);
    data_ = flush_end ? base_ + (data_pages_ + 1) * page_ - bytes : base_ + page_;
  }
  ~GuardedBuffer() { munmap(base_, size_); }
  GuardedBuffer(const GuardedBuffer&) = delete;
  GuardedBuffer& operator=(const GuardedBuffer&) = delete;
  char* data() const { return data_; }

 private:
  std::size_t page_ = 0, data_pages_ = 0, size_ = 0;
  char* base_ = nullptr;
  char* data_ = nullptr;
};

template <class T> void check_guarded(i64 n, std::uint64_t seed) {
  const std::vector<T> values = random_values<T>(static_cast<std::size_t>(2 * n), seed);
  const std::size_t bytes = sizeof(T) * static_cast<std::size_t>(n);
  const DType type = dtype_of<T>;
  const char* expression = std::is_same_v<T, bool> ? "~a" : "a * 3";
  GuardedBuffer in_end(bytes, true), in_start(bytes, false), out_end(bytes, true), out_start(bytes, false);
  GuardedBuffer strided(sizeof(T) * static_cast<std::size_t>(2 * n - 1), true);
  for (i64 i = 0; i < n; ++i) {
    reinterpret_cast<T*>(in_end.data())[i] = values[i];
    reinterpret_cast<T*>(in_start.data())[i] = values[i];
  }
  for (i64 i = 0; i < 2 * n - 1; ++i) reinterpret_cast<T*>(strided.data())[i] = values[i];
  const Array want = evaluate(expression, {{"a", Array::copy_of(ArrayView(in_end.data(), type, {n}))}});
  const ArrayView out(out_end.data(), type, {n});
  const std::string what = std::string(dtype_name(type)) + " n=" + std::to_string(n);
  // Contiguous input ending at a guard page, contiguous out ending at one.
  evaluate(expression, {{"a", ArrayView(in_end.data(), type, {n})}}, out);
  expect_identical(Array::copy_of(out), want, what + " contiguous");
  // Reversed input and out starting at a guard page (negative strides walk towards it).
  const ArrayView rev_in = ArrayView(in_start.data(), type, {n}).reversed(0);
  const ArrayView rev_out = ArrayView(out_start.data(), type, {n}).reversed(0);
  evaluate(expression, {{"a", rev_in}}, rev_out);
  expect_identical(Array::copy_of(ArrayView(out_start.data(), type, {n})), want, what + " reversed");
  // A stepped input whose last element is the last before the guard page.
  const ArrayView step_in = ArrayView(strided.data(), type, {2 * n - 1}).stepped(0, 2);
  ASSERT_EQ(step_in.shape(), Shape{n});
  const Array step_want = evaluate(expression, {{"a", Array::copy_of(step_in)}});
  evaluate(expression, {{"a", step_in}}, out);
  expect_identical(Array::copy_of(out), step_want, what + " stepped");
  // Reductions read the same memory.
  if constexpr (!std::is_same_v<T, bool>) {
    const Array full = evaluate("max(a)", {{"a", ArrayView(in_end.data(), type, {n})}});
    EXPECT_EQ(full.at<T>({}), *std::max_element(values.begin(), values.begin() + n)) << what;
    const Array rfull = evaluate("min(a)", {{"a", rev_in}});
    EXPECT_EQ(rfull.at<T>({}), *std::min_element(values.begin(), values.begin() + n)) << what;
  }
}

TEST(Sizes, TailsStayInsideTheArrays) {
  for (i64 n = 1; n <= 40; ++n) {
    check_guarded<double>(n, 200 + n);
    check_guarded<float>(n, 300 + n);
    check_guarded<i32>(n, 400 + n);
    check_guarded<i64>(n, 500 + n);
    check_guarded<bool>(n, 600 + n);
  }
  // Axis reductions into an out that ends at a guard page.
  for (i64 n = 1; n <= 20; ++n) {
    const Array m = random_array<double>({n, 7}, 700 + n);
    GuardedBuffer out_mem(sizeof(double) * static_cast<std::size_t>(n), true);
    const ArrayView out(out_mem.data(), DType::Float64, {n});
    evaluate("sum(a, axis=1)", {{"a", m}}, out);
    expect_identical(Array::copy_of(out), evaluate("sum(a, axis=1)", {{"a", m}}), "sum axis=1 n=" + std::to_string(n));
    GuardedBuffer out7(sizeof(double) * 7, true);
    const ArrayView out_cols(out7.data(), DType::Float64, {7});
    evaluate("max(a, axis=0)", {{"a", m}}, out_cols);
    expect_identical(Array::copy_of(out_cols), evaluate("max(a, axis=0)", {{"a", m}}), "max axis=0 n=" + std::to_string(n));
  }
}

TEST(Sizes, LargeTwoDimensional) {
  const Array a = random_array<double>({7, 14287}, 120);  // 100009 elements
  const Array b = random_array<double>({14287}, 121);
  const Array r = evaluate("a - b", {{"a", a}, {"b", b}});
  ASSERT_EQ(r.shape(), (Shape{7, 14287}));
  for (i64 i = 0; i < 7; ++i)
    for (i64 j = 0; j < 14287; j += 97) ASSERT_EQ(r.at<double>({i, j}), a.at<double>({i, j}) - b.at<double>({j}));
  expect_layout_independent("a * 2 - b", {{"a", a.view().reversed(0)}, {"b", b.view().reversed(0)}});
}

// ---------------------------------------------------------------------------------------------
// threads

TEST(Threads, ResultsIndependentOfThreadCount) {
  ThreadCountGuard guard;
  const i64 n = 1000000;
  const Array a = random_array<double>({n}, 130);
  const Array b = random_array<double>({n}, 131);
  const Array f = random_array<float>({n}, 132);
  const Array m = random_array<float>({1000, 1000}, 133);
  const Array ints = random_array<i32>({n}, 134);
  struct Run {
    const char* expression;
    Bindings bindings;
  };
  const std::vector<Run> runs = {
      {"a * b + a / 3", {{"a", a}, {"b", b}}},
      {"sum(a)", {{"a", a}}},
      {"sum(a * b)", {{"a", a}, {"b", b}}},
      {"sum(f)", {{"f", f}}},
      {"prod(f / 100 + 1)", {{"f", f}}},
      {"min(a)", {{"a", a}}},
      {"max(f)", {{"f", f}}},
      {"sum(i)", {{"i", ints}}},
      {"sum(m, axis=0)", {{"m", m}}},
      {"sum(m, axis=1)", {{"m", m}}},
      {"sum(a)", {{"a", a.view().reversed(0)}}},
      {"sum(a)", {{"a", a.view().stepped(0, 3)}}},
  };
  std::vector<Array> first;
  set_num_threads(1);
  ASSERT_EQ(get_num_threads(), 1);
  for (const Run& run : runs) first.push_back(evaluate(run.expression, run.bindings));
  for (const int threads : {2, 4}) {
    set_num_threads(threads);
    ASSERT_EQ(get_num_threads(), threads);
    for (std::size_t k = 0; k < runs.size(); ++k)
      expect_identical(evaluate(runs[k].expression, runs[k].bindings), first[k],
                       std::string(runs[k].expression) + " with " + std::to_string(threads) + " threads");
  }
}

TEST(Threads, SetAndRestore) {
  const int saved = get_num_threads();
  EXPECT_GE(saved, 1);
  {
    ThreadCountGuard guard;
    set_num_threads(3);
    EXPECT_EQ(get_num_threads(), 3);
  }
  EXPECT_EQ(get_num_threads(), saved);
  EXPECT_THROW(set_num_threads(0), ValueError);
  EXPECT_THROW(set_num_threads(-1), ValueError);
  EXPECT_EQ(get_num_threads(), saved);
}

// ---------------------------------------------------------------------------------------------
// reductions

enum class Red { Sum, Prod, Min, Max };
const char* red_name(Red r) {
  switch (r) {
    case Red::Sum: return "sum";
    case Red::Prod: return "prod";
    case Red::Min: return "min";
    case Red::Max: return "max";
  }
  return "?";
}

// Reference reduction of a C-order array along `axis` (nullopt: everything), in type R.
// Sums of floats are accumulated in long double; the caller compares with a tolerance.
template <class R, class T>
std::vector<R> reduce_reference(Red op, const std::vector<T>& values, const Shape& shape, std::optional<int> axis,
                                Shape* result_shape, std::vector<long double>* magnitudes) {
  Shape outer, inner;
  i64 len;
  if (!axis) {
    len = element_count(shape);
    *result_shape = {};
  } else {
    const int ax = *axis < 0 ? *axis + static_cast<int>(shape.size()) : *axis;
    *result_shape = shape;
    result_shape->erase(result_shape->begin() + ax);
    len = shape[ax];
    outer.assign(shape.begin(), shape.begin() + ax);
    inner.assign(shape.begin() + ax + 1, shape.end());
  }
  const i64 n_outer = element_count(outer), n_inner = element_count(inner);
  std::vector<R> out;
  magnitudes->clear();
  for (i64 o = 0; o < n_outer; ++o)
    for (i64 in = 0; in < n_inner; ++in) {
      long double acc = op == Red::Prod ? 1 : 0, mag = 0;
      R acc_r{};
      bool first = true, nan = false;
      std::uint64_t wrap_acc = op == Red::Prod ? 1 : 0;
      for (i64 k = 0; k < len; ++k) {
        const T v = values[static_cast<std::size_t>((o * len + k) * n_inner + in)];
        const R x = static_cast<R>(v);
        if constexpr (std::is_floating_point_v<R>) {
          if (std::isnan(x)) nan = true;
        }
        switch (op) {
          case Red::Sum:
            acc += static_cast<long double>(x);
            mag += std::fabs(static_cast<long double>(x));
            wrap_acc += static_cast<std::uint64_t>(static_cast<i64>(x));
            break;
          case Red::Prod:
            acc *= static_cast<long double>(x);
            mag = acc;
            wrap_acc *= static_cast<std::uint64_t>(static_cast<i64>(x));
            break;
          case Red::Min: acc_r = first || x < acc_r ? x : acc_r; break;
          case Red::Max: acc_r = first || x > acc_r ? x : acc_r; break;
        }
        first = false;
      }
      R result;
      if (op == Red::Min || op == Red::Max) {
        result = acc_r;
        if constexpr (std::is_floating_point_v<R>)
          if (nan) result = std::numeric_limits<R>::quiet_NaN();
      } else if constexpr (std::is_integral_v<R>) {
        result = static_cast<R>(wrap_acc);
      } else {
        result = static_cast<R>(acc);
      }
      out.push_back(result);
      magnitudes->push_back(mag);
    }
  return out;
}

// Evaluates op(a[, axis]) and compares it with the reference.
template <class T>
void check_reduction(Red op, const ArrayView& a, std::optional<int> axis, const std::string& what) {
  std::string expression = std::string(red_name(op)) + "(a";
  if (axis) expression += ", axis=" + std::to_string(*axis);
  expression += ")";
  const std::string label = what + " " + expression;
  Array r;
  try {
    r = evaluate(expression, {{"a", a}});
  } catch (const std::exception& e) {
    ADD_FAILURE() << label << " threw " << e.what();
    return;
  }
  const bool additive = op == Red::Sum || op == Red::Prod;
  const DType want_dtype = additive && !is_floating(dtype_of<T>) ? DType::Int64 : dtype_of<T>;
  ASSERT_EQ(r.dtype(), want_dtype) << label;
  const std::vector<T> values = Array::copy_of(a).to_vector<T>();
  Shape want_shape;
  std::vector<long double> mags;
  auto compare = [&](auto tag) {
    using R = decltype(tag);
    const std::vector<R> want = reduce_reference<R>(op, values, a.shape(), axis, &want_shape, &mags);
    ASSERT_EQ(r.shape(), want_shape) << label;
    const std::vector<R> got = r.to_vector<R>();
    ASSERT_EQ(got.size(), want.size()) << label;
    int bad = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
      bool ok;
      if constexpr (std::is_floating_point_v<R>) {
        if (std::isnan(want[i])) ok = std::isnan(got[i]);
        else if (op == Red::Sum || op == Red::Prod) {
          const long double eps = std::numeric_limits<R>::epsilon();
          const long double tol = (op == Red::Sum ? mags[i] : std::fabs(static_cast<long double>(want[i]))) * eps *
                                  std::max<long double>(4, std::sqrt(static_cast<long double>(values.size()))) * 4;
          ok = std::fabs(static_cast<long double>(got[i]) - static_cast<long double>(want[i])) <= tol;
        } else {
          ok = got[i] == want[i];
        }
      } else {
        ok = got[i] == want[i];
      }
      if (!ok && bad++ < 5) ADD_FAILURE() << label << " element " << i << ": got " << +got[i] << " want " << +want[i];
    }
    EXPECT_EQ(bad, 0) << label;
  };
  if (want_dtype == DType::Int64) compare(i64{});
  else compare(T{});
}

template <class T> void check_all_reductions(const ArrayView& a, const std::string& what) {
  for (const Red op : {Red::Sum, Red::Prod, Red::Min, Red::Max}) {
    check_reduction<T>(op, a, std::nullopt, what);
    for (int axis = -a.ndim(); axis < a.ndim(); ++axis) check_reduction<T>(op, a, axis, what);
  }
}

// Values whose products stay finite and small-integer-ish for prod.
template <class T> Array reduction_input(const Shape& shape, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> v(static_cast<std::size_t>(element_count(shape)));
  for (auto&& x : v) {
    if constexpr (std::is_same_v<T, bool>) x = (rng() % 4) != 0;
    else if constexpr (std::is_integral_v<T>) x = static_cast<T>(static_cast<i64>(rng() % 7) - 3);
    else x = static_cast<T>(std::uniform_real_distribution<double>(0.9, 1.1)(rng) * ((rng() & 1) ? 1 : -1));
  }
  return Array::from(v, shape);
}

TEST(Reductions, EveryDTypeFullAndAlongEachAxis2D) {
  const Shape shape{13, 37};
  check_all_reductions<bool>(reduction_input<bool>(shape, 1), "bool 2-d");
  check_all_reductions<i32>(reduction_input<i32>(shape, 2), "int32 2-d");
  check_all_reductions<i64>(reduction_input<i64>(shape, 3), "int64 2-d");
  check_all_reductions<float>(reduction_input<float>(shape, 4), "float32 2-d");
  check_all_reductions<double>(reduction_input<double>(shape, 5), "float64 2-d");
}

TEST(Reductions, ThreeDimensional) {
  const Shape shape{5, 6, 37};
  check_all_reductions<i32>(reduction_input<i32>(shape, 10), "int32 3-d");
  check_all_reductions<double>(reduction_input<double>(shape, 11), "float64 3-d");
  check_all_reductions<float>(reduction_input<float>({3, 37, 4}, 12), "float32 3-d");
  check_all_reductions<bool>(reduction_input<bool>({3, 5, 7}, 13), "bool 3-d");
}

TEST(Reductions, OneDimensionalAndZeroDim) {
  for (const i64 n : {i64{1}, i64{7}, i64{37}, i64{100003}}) {
    check_reduction<double>(Red::Sum, reduction_input<double>({n}, 20), std::nullopt, "1-d n=" + std::to_string(n));
    check_reduction<double>(Red::Sum, reduction_input<double>({n}, 20), 0, "1-d n=" + std::to_string(n));
    check_reduction<i64>(Red::Max, reduction_input<i64>({n}, 21), 0, "1-d n=" + std::to_string(n));
    check_reduction<float>(Red::Min, reduction_input<float>({n}, 22), std::nullopt, "1-d n=" + std::to_string(n));
  }
  const Array r = evaluate("sum(a)", {{"a", Array::from<double>({1.5, 2.5})}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.at<double>({}), 4.0);
  EXPECT_EQ(evaluate("sum(a, axis=0)", {{"a", Array::from<double>({1.5, 2.5})}}).ndim(), 0);
  // A reduction of a 0-d input.
  const Array s = evaluate("max(a)", {{"a", Array::scalar(3.5)}});
  EXPECT_EQ(s.ndim(), 0);
  EXPECT_EQ(s.at<double>({}), 3.5);
}

TEST(Reductions, NonContiguousInputs) {
  const Array m = reduction_input<double>({17, 37}, 30);
  const ArrayView t(m.data(), DType::Float64, {37, 17}, {8, 8 * 37});
  check_all_reductions<double>(t, "transposed");
  check_all_reductions<double>(m.view().reversed(1), "reversed");
  check_all_reductions<double>(m.view().stepped(0, 2).stepped(1, 3), "stepped");
  const Array row = reduction_input<double>({37}, 31);
  check_all_reductions<double>(ArrayView(row.data(), DType::Float64, {4, 37}, {0, 8}), "broadcast rows");
  check_all_reductions<double>(ArrayView(row.data(), DType::Float64, {37, 4}, {8, 0}), "broadcast columns");
  const Array ints = reduction_input<i32>({4, 9, 11}, 32);
  const ArrayView p(ints.data(), DType::Int32, {11, 4, 9}, {4, 4 * 9 * 11, 4 * 11});
  check_all_reductions<i32>(p, "permuted 3-d");
  check_all_reductions<i32>(ints.view().reversed(0).stepped(2, 2), "reversed+stepped 3-d");
}

TEST(Reductions, UnitAxesBroadcastAndScalars) {
  check_all_reductions<double>(reduction_input<double>({5, 1, 37}, 70), "unit middle axis");
  check_all_reductions<i64>(reduction_input<i64>({37, 1}, 71), "unit last axis");
  check_all_reductions<float>(reduction_input<float>({1, 37}, 72), "unit first axis");
  check_all_reductions<i32>(reduction_input<i32>({1, 1}, 73), "1x1");
  // Broadcast operands inside the reduction.
  const Array a = Array::from<double>({1, 2, 3}, Shape{3, 1});
  const Array b = Array::from<double>({10, 20, 30, 40}, Shape{1, 4});
  Array r = evaluate("sum(a * b, axis=0)", {{"a", a}, {"b", b}});
  ASSERT_EQ(r.shape(), Shape{4});
  EXPECT_EQ(r.to_vector<double>(), (std::vector<double>{60, 120, 180, 240}));
  r = evaluate("max(a + b, axis=1)", {{"a", a}, {"b", b}});
  EXPECT_EQ(r.to_vector<double>(), (std::vector<double>{41, 42, 43}));
  r = evaluate("prod(a + b)", {{"a", Array::from<i32>({1, 2})}, {"b", Array::from<i32>({1, 1, 1}, Shape{3, 1})}});
  EXPECT_EQ(r.at<i64>({}), 216);
  // A scalar operand.
  r = evaluate("sum(a * s, axis=-1)", {{"a", b}, {"s", 0.5}});
  EXPECT_EQ(r.to_vector<double>(), std::vector<double>{50});
  r = evaluate("sum(s)", {{"s", 2.5}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.at<double>({}), 2.5);
}

TEST(Reductions, LargeInputs) {
  check_reduction<double>(Red::Sum, reduction_input<double>({3, 40001}, 40), 1, "large");
  check_reduction<double>(Red::Sum, reduction_input<double>({40001, 3}, 41), 0, "large");
  check_reduction<double>(Red::Max, reduction_input<double>({40001, 3}, 41), 0, "large");
  check_reduction<float>(Red::Sum, reduction_input<float>({100003}, 42), std::nullopt, "large");
  check_reduction<i32>(Red::Sum, reduction_input<i32>({300, 400}, 43), 0, "large");
  check_reduction<i32>(Red::Sum, reduction_input<i32>({300, 400}, 43), 1, "large");
  check_reduction<i64>(Red::Min, reduction_input<i64>({300, 400}, 44), std::nullopt, "large");
}

TEST(Reductions, ResultDTypes) {
  for (const DType t : kRealComputeDTypes) {
    const Signature sig = {{"a", t, false}};
    const DType additive = is_floating(t) ? t : DType::Int64;
    EXPECT_EQ(validate("sum(a)", sig), additive) << dtype_name(t);
    EXPECT_EQ(validate("prod(a)", sig), additive) << dtype_name(t);
    EXPECT_EQ(validate("sum(a, axis=0)", sig), additive) << dtype_name(t);
    EXPECT_EQ(validate("min(a)", sig), t) << dtype_name(t);
    EXPECT_EQ(validate("max(a, axis=1)", sig), t) << dtype_name(t);
  }
  // int32 sums do not overflow: they accumulate in int64.
  const Array big = Array::from<i32>({INT32_MAX, INT32_MAX, INT32_MAX});
  Array r = evaluate("sum(a)", {{"a", big}});
  ASSERT_EQ(r.dtype(), DType::Int64);
  EXPECT_EQ(r.at<i64>({}), 3 * i64{INT32_MAX});
  r = evaluate("prod(a)", {{"a", Array::from<i32>({65536, 65536, 3})}});
  EXPECT_EQ(r.at<i64>({}), i64{65536} * 65536 * 3);
  // int64 sums and products wrap.
  r = evaluate("sum(a)", {{"a", Array::from<i64>({INT64_MAX, 1})}});
  EXPECT_EQ(r.at<i64>({}), INT64_MIN);
  r = evaluate("prod(a)", {{"a", Array::from<i64>({INT64_MAX, 2})}});
  EXPECT_EQ(r.at<i64>({}), -2);
  // bool: sum counts, min/max are all/any.
  const Array flags = Array::from<bool>({true, false, true, true});
  r = evaluate("sum(a)", {{"a", flags}});
  EXPECT_EQ(r.dtype(), DType::Int64);
  EXPECT_EQ(r.at<i64>({}), 3);
  r = evaluate("min(a)", {{"a", flags}});
  EXPECT_EQ(r.dtype(), DType::Bool);
  EXPECT_FALSE(r.at<bool>({}));
  r = evaluate("max(a)", {{"a", flags}});
  EXPECT_TRUE(r.at<bool>({}));
  EXPECT_TRUE(evaluate("min(a)", {{"a", Array::from<bool>({true, true, true})}}).at<bool>({}));
  EXPECT_FALSE(evaluate("max(a)", {{"a", Array::from<bool>({false, false})}}).at<bool>({}));
  // An expression inside a reduction.
  r = evaluate("sum(a > 0)", {{"a", Array::from<double>({1, -1, 2, 0})}});
  EXPECT_EQ(r.dtype(), DType::Int64);
  EXPECT_EQ(r.at<i64>({}), 2);
  r = evaluate("max(a * 2 + 1, axis=1)", {{"a", Array::from<i32>({1, 5, 3, -4, -2, -9}, Shape{2, 3})}});
  ASSERT_EQ(r.dtype(), DType::Int32);
  EXPECT_EQ(r.to_vector<i32>(), (std::vector<i32>{11, -3}));
  // Extreme integers for min/max.
  r = evaluate("min(a)", {{"a", Array::from<i32>({5, INT32_MIN, INT32_MAX})}});
  EXPECT_EQ(r.at<i32>({}), INT32_MIN);
  r = evaluate("max(a)", {{"a", Array::from<i64>({INT64_MIN, INT64_MIN})}});
  EXPECT_EQ(r.at<i64>({}), INT64_MIN);
  r = evaluate("min(a)", {{"a", Array::from<double>({kInf, kInf})}});
  EXPECT_EQ(r.at<double>({}), kInf);
}

TEST(Reductions, MinMaxPropagateNaN) {
  for (const i64 n : {i64{5}, i64{37}, i64{40000}}) {
    for (const i64 where : {i64{0}, n / 2, n - 1}) {
      std::vector<double> v = random_values<double>(static_cast<std::size_t>(n), 50 + where);
      v[static_cast<std::size_t>(where)] = kNaN;
      for (const char* e : {"min(a)", "max(a)", "sum(a)", "prod(a)"})
        EXPECT_TRUE(std::isnan(evaluate(e, {{"a", Array::from(v)}}).at<double>({}))) << e << " n=" << n << " at " << where;
      std::vector<float> f(v.begin(), v.end());
      for (const char* e : {"min(a)", "max(a)"})
        EXPECT_TRUE(std::isnan(evaluate(e, {{"a", Array::from(f)}}).at<float>({}))) << e << " float32 n=" << n;
    }
  }
  // Along an axis, only the slices holding a NaN give NaN.
  const Array m = Array::from<double>({1, kNaN, 3, 4, 5, 6, -kInf, 8, kNaN}, Shape{3, 3});
  Array r = evaluate("max(a, axis=1)", {{"a", m}});
  std::vector<double> got = r.to_vector<double>();
  EXPECT_TRUE(std::isnan(got[0]));
  EXPECT_EQ(got[1], 6);
  EXPECT_TRUE(std::isnan(got[2]));
  r = evaluate("min(a, axis=0)", {{"a", m}});
  got = r.to_vector<double>();
  EXPECT_EQ(got[0], -kInf);
  EXPECT_TRUE(std::isnan(got[1]));
  EXPECT_TRUE(std::isnan(got[2]));
}

TEST(Reductions, EmptyInputs) {
  const Array e = Array::empty(DType::Float64, {0});
  Array r = evaluate("sum(a)", {{"a", e}});
  EXPECT_EQ(r.ndim(), 0);
  EXPECT_EQ(r.at<double>({}), 0.0);
  r = evaluate("prod(a)", {{"a", e}});
  EXPECT_EQ(r.at<double>({}), 1.0);
  EXPECT_THROW(evaluate("min(a)", {{"a", e}}), ValueError);
  EXPECT_THROW(evaluate("max(a)", {{"a", e}}), ValueError);
  const Array ei = Array::empty(DType::Int32, {0});
  r = evaluate("sum(a)", {{"a", ei}});
  EXPECT_EQ(r.dtype(), DType::Int64);
  EXPECT_EQ(r.at<i64>({}), 0);
  EXPECT_EQ(evaluate("prod(a)", {{"a", ei}}).at<i64>({}), 1);
  EXPECT_THROW(evaluate("min(a)", {{"a", ei}}), ValueError);
  EXPECT_THROW(evaluate("max(a)", {{"a", Array::empty(DType::Bool, {0})}}), ValueError);
  // Along an axis of length 0.
  const Array e30 = Array::empty(DType::Float32, {3, 0});
  r = evaluate("sum(a, axis=1)", {{"a", e30}});
  ASSERT_EQ(r.shape(), Shape{3});
  EXPECT_EQ(r.to_vector<float>(), (std::vector<float>{0, 0, 0}));
  r = evaluate("prod(a, axis=-1)", {{"a", e30}});
  EXPECT_EQ(r.to_vector<float>(), (std::vector<float>{1, 1, 1}));
  EXPECT_THROW(evaluate("min(a, axis=1)", {{"a", e30}}), ValueError);
  EXPECT_THROW(evaluate("max(a)", {{"a", e30}}), ValueError);
  r = evaluate("sum(a)", {{"a", e30}});
  EXPECT_EQ(r.at<float>({}), 0.0f);
  // Reducing a non-empty axis of an empty array gives an empty result, not an error (NumPy).
  r = evaluate("sum(a, axis=0)", {{"a", e30}});
  EXPECT_EQ(r.shape(), Shape{0});
  r = evaluate("max(a, axis=0)", {{"a", e30}});
  EXPECT_EQ(r.shape(), Shape{0});
}

TEST(Reductions, AxisOutOfRange) {
  const Array m = Array::zeros(DType::Float64, {3, 4});
  EXPECT_THROW(evaluate("sum(a, axis=2)", {{"a", m}}), ValueError);
  EXPECT_THROW(evaluate("sum(a, axis=-3)", {{"a", m}}), ValueError);
  EXPECT_THROW(evaluate("max(a, axis=1)", {{"a", Array::zeros(DType::Int32, {5})}}), ValueError);
  EXPECT_THROW(evaluate("min(a, axis=0)", {{"a", Array::scalar(1.0)}}), ValueError);
  Array out = Array::zeros(DType::Float64, {3});
  EXPECT_THROW(evaluate("sum(a, axis=5)", {{"a", m}}, out), ValueError);
  // In range, both signs.
  EXPECT_EQ(evaluate("sum(a, axis=-1)", {{"a", m}}).shape(), Shape{3});
  EXPECT_EQ(evaluate("sum(a, axis=-2)", {{"a", m}}).shape(), Shape{4});
  EXPECT_EQ(evaluate("sum(a, 1)", {{"a", m}}).shape(), Shape{3});
}

TEST(Reductions, MustBeOutermost) {
  const Array a = Array::zeros(DType::Float64, {4});
  EXPECT_THROW(evaluate("2*sum(a)", {{"a", a}}), TypeError);
  EXPECT_THROW(evaluate("sum(a) + 1", {{"a", a}}), TypeError);
  EXPECT_THROW(evaluate("sum(max(a))", {{"a", a}}), TypeError);
  EXPECT_THROW(evaluate("-min(a)", {{"a", a}}), TypeError);
  EXPECT_THROW(validate("sin(sum(a))", {{"a", DType::Float64, false}}), TypeError);
  EXPECT_EQ(evaluate("sum(2*a+1)", {{"a", a}}).at<double>({}), 4.0);
}

TEST(Reductions, IntoOut) {
  const Array m = reduction_input<double>({6, 37}, 60);
  const Array want = evaluate("sum(a, axis=1)", {{"a", m}});
  Array out = Array::zeros(DType::Float64, {6});
  evaluate("sum(a, axis=1)", {{"a", m}}, out);
  expect_identical(out, want);
  // A non-contiguous out.
  Array wide = Array::zeros(DType::Float64, {12});
  evaluate("sum(a, axis=1)", {{"a", m}}, wide.view().stepped(0, 2));
  for (i64 i = 0; i < 6; ++i) {
    EXPECT_EQ(wide.at<double>({2 * i}), want.at<double>({i}));
    EXPECT_EQ(wide.at<double>({2 * i + 1}), 0.0);
  }
  // out overlapping the input.
  Array buf = Array::from<double>({1, 2, 3, 4, 5, 6});
  const ArrayView mat(buf.data(), DType::Float64, {2, 3});
  const ArrayView first3(buf.data(), DType::Float64, {3});
  evaluate("sum(a, axis=0)", {{"a", mat}}, first3);
  EXPECT_EQ(buf.to_vector<double>(), (std::vector<double>{5, 7, 9, 4, 5, 6}));
  Array zero_d = Array::zeros(DType::Float64, {});
  evaluate("max(a)", {{"a", m}}, zero_d);
  EXPECT_EQ(zero_d.at<double>({}), evaluate("max(a)", {{"a", m}}).at<double>({}));
  Array wrong = Array::zeros(DType::Float64, {37});
  EXPECT_THROW(evaluate("sum(a, axis=1)", {{"a", m}}, wrong), ShapeError);
}

// ---------------------------------------------------------------------------------------------
// errors and validate

TEST(Errors, UnknownVariableIsNameError) {
  const Array a = Array::zeros(DType::Float64, {3});
  EXPECT_THROW(evaluate("a + c", {{"a", a}}), NameError);
  EXPECT_THROW(evaluate("c", {}), NameError);
  EXPECT_THROW(validate("a + c", {{"a", DType::Float64, false}}), NameError);
  EXPECT_THROW(validate("nosuchfunction(a)", {{"a", DType::Float64, false}}), NameError);
  Array out = Array::zeros(DType::Float64, {3});
  EXPECT_THROW(evaluate("a + c", {{"a", a}}, out), NameError);
  // Extra bindings are fine.
  EXPECT_NO_THROW(evaluate("a + 1", {{"a", a}, {"unused", 1.0}}));
}

TEST(Errors, KernelArgumentOfTheWrongDType) {
  const Kernel k = compile("a * 2 + b", {{"a", DType::Float64, false}, {"b", DType::Float64, false}});
  EXPECT_EQ(k.result_dtype(), DType::Float64);
  const Array f64 = Array::from<double>({1, 2, 3});
  EXPECT_NO_THROW(k({f64, f64}));
  EXPECT_THROW(k({Array::from<float>({1, 2, 3}), f64}), TypeError);
  EXPECT_THROW(k({f64, Array::from<i32>({1, 2, 3})}), TypeError);
  EXPECT_THROW(k({f64, 1.0f}), TypeError);
  Array out = Array::zeros(DType::Float64, {3});
  EXPECT_THROW(k({f64, Array::from<i64>({1, 2, 3})}, out), TypeError);
  EXPECT_THROW(k({f64}), ValueError);
  const Array r = k({f64, 0.5});
  EXPECT_EQ(r.to_vector<double>(), (std::vector<double>{2.5, 4.5, 6.5}));
}

TEST(Errors, ValidateReturnsTheResultDType) {
  EXPECT_EQ(validate("a + b", {{"a", DType::Int32, false}, {"b", DType::Float32, false}}), DType::Float32);
  EXPECT_EQ(validate("a < b", {{"a", DType::Int32, false}, {"b", DType::Float32, false}}), DType::Bool);
  EXPECT_EQ(validate("sum(a)", {{"a", DType::Int32, false}}), DType::Int64);
  EXPECT_EQ(validate("a / 2", {{"a", DType::Int64, true}}), DType::Float64);
  EXPECT_EQ(validate("1 + 2", {}), DType::Int32);
  EXPECT_THROW(validate("a +", {{"a", DType::Int32, false}}), SyntaxError);
  EXPECT_THROW(validate("a + b", {{"a", DType::Int32, false}}), NameError);
  EXPECT_THROW(validate("a << b", {{"a", DType::Int32, false}, {"b", DType::Float64, false}}), TypeError);
  EXPECT_THROW(validate("-a", {{"a", DType::Bool, false}}), TypeError);
  // validate and evaluate agree on the result dtype.
  const Array r = evaluate("a * b", {{"a", Array::from<i64>({1})}, {"b", Array::from<float>({1})}});
  EXPECT_EQ(r.dtype(), validate("a * b", {{"a", DType::Int64, false}, {"b", DType::Float32, false}}));
}

}  // namespace
}  // namespace exprjit

namespace exprjit {
namespace {

TEST(PublicApi, VariablesOfListsSortedNamesOnce) {
  EXPECT_EQ(variables_of("b*a + sin(b) - c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(variables_of("2*3").empty());
  EXPECT_THROW(variables_of("a +"), SyntaxError);
}

TEST(PublicApi, KernelAssemblyIsHostMachineCode) {
  const Kernel kernel = compile("a*2.5 + b", {{"a", DType::Float64}, {"b", DType::Float64}});
  const std::string text = kernel.assembly();
  EXPECT_NE(text.find("mulpd"), std::string::npos) << text.substr(0, 400);  // (v)mulpd: packed doubles
  EXPECT_NE(text.find("ret"), std::string::npos);
}

}  // namespace
}  // namespace exprjit
