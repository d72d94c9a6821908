// Non-temporal output stores (jit::kStreamOutput): the streaming loop peels a masked head
// step to reach vector alignment, so every output offset and length goes through a different
// mix of head, aligned body and tail. Each must give exactly what the plain loop gives and
// write nothing outside the output. Then the executor's choice, through the public API.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/pipeline.h"
#include "compiler/target.h"
#include "exprjit/exprjit.h"
#include "runtime/executor.h"

namespace exprjit {
namespace {

constexpr double kGuard = -12345.0;

// Calls the compiled kernel on out[offset, offset + n) of a 64-byte aligned buffer, with or
// without the streaming flag; returns the whole buffer, guards included.
template <class T>
std::vector<T> run_at(jit::KernelFunction entry, const std::vector<T>& a, const std::vector<T>& b,
                      std::int64_t offset, std::int64_t n, std::int64_t flags) {
  const Array buffer = Array::empty(dtype_of<T>, {n + offset + 64});
  T* base = buffer.data_as<T>();
  for (std::int64_t i = 0; i < buffer.size(); ++i) base[i] = static_cast<T>(kGuard);
  char* data[] = {reinterpret_cast<char*>(base + offset), const_cast<char*>(reinterpret_cast<const char*>(a.data())),
                  const_cast<char*>(reinterpret_cast<const char*>(b.data()))};
  const std::int64_t strides[] = {sizeof(T), sizeof(T), sizeof(T)};
  entry(n, data, strides, flags);
  return std::vector<T>(base, base + buffer.size());
}

template <class T> void check_every_offset_and_length(DType type) {
  const Signature signature{{"a", type}, {"b", type}};
  const auto compiled = pipeline::compile("a*2 + b", signature, {});
  const int lanes = target::host().vector_bits / static_cast<int>(8 * sizeof(T));
  const std::int64_t longest = 4 * lanes + 3;
  std::vector<T> a(longest), b(longest);
  for (std::int64_t i = 0; i < longest; ++i) {
    a[i] = static_cast<T>(0.5 * static_cast<double>(i) - 7);
    b[i] = static_cast<T>(100 + i);
  }
  for (std::int64_t offset = 0; offset <= lanes; ++offset) {
    for (std::int64_t n = 0; n <= longest; ++n) {
      const auto plain = run_at<T>(compiled.code->entry(), a, b, offset, n, 0);
      const auto streamed = run_at<T>(compiled.code->entry(), a, b, offset, n, jit::kStreamOutput);
      ASSERT_EQ(plain, streamed) << "offset=" << offset << " n=" << n;
      for (std::int64_t i = 0; i < static_cast<std::int64_t>(streamed.size()); ++i) {
        const bool inside = i >= offset && i < offset + n;
        const T want = inside ? static_cast<T>(a[i - offset] * 2 + b[i - offset]) : static_cast<T>(kGuard);
        ASSERT_EQ(streamed[i], want) << "offset=" << offset << " n=" << n << " i=" << i;
      }
    }
  }
}

TEST(Streaming, Float64EveryOffsetAndLength) { check_every_offset_and_length<double>(DType::Float64); }
TEST(Streaming, Float32EveryOffsetAndLength) { check_every_offset_and_length<float>(DType::Float32); }

// The streaming loop really uses non-temporal stores, fenced.
TEST(Streaming, AssemblyHasNonTemporalStores) {
  const std::string assembly = pipeline::assembly("2*a + 3*b", {{"a", DType::Float64}, {"b", DType::Float64}}, {});
  EXPECT_NE(assembly.find("movntp"), std::string::npos) << assembly;
  EXPECT_NE(assembly.find("sfence"), std::string::npos) << assembly;
}

// A float64 output 4 bytes off its element alignment can never reach vector alignment: the
// kernel must take the plain loop and still be right.
TEST(Streaming, OutputNotAlignedToItsElement) {
  const Signature signature{{"a", DType::Float64}};
  const auto compiled = pipeline::compile("a + 1", signature, {});
  const std::int64_t n = 37;
  std::vector<double> a(n);
  for (std::int64_t i = 0; i < n; ++i) a[i] = static_cast<double>(i);
  std::vector<char> storage(n * 8 + 16, 0);
  char* out = storage.data() + 4 + (8 - reinterpret_cast<std::uintptr_t>(storage.data()) % 8) % 8;
  char* data[] = {out, reinterpret_cast<char*>(a.data())};
  const std::int64_t strides[] = {8, 8};
  compiled.code->entry()(n, data, strides, jit::kStreamOutput);
  for (std::int64_t i = 0; i < n; ++i) {
    double value;
    std::memcpy(&value, out + 8 * i, 8);
    EXPECT_EQ(value, static_cast<double>(i) + 1) << i;
  }
}

// Outputs narrower than a machine vector (bool here) ignore the flag.
TEST(Streaming, NarrowOutputsIgnoreTheFlag) {
  const Signature signature{{"a", DType::Float64}};
  const auto compiled = pipeline::compile("a > 3", signature, {});
  const std::int64_t n = 29;
  std::vector<double> a(n);
  for (std::int64_t i = 0; i < n; ++i) a[i] = static_cast<double>(i);
  std::vector<std::uint8_t> out(n + 1, 7);
  char* data[] = {reinterpret_cast<char*>(out.data()), reinterpret_cast<char*>(a.data())};
  const std::int64_t strides[] = {1, 8};
  compiled.code->entry()(n, data, strides, jit::kStreamOutput);
  for (std::int64_t i = 0; i < n; ++i) EXPECT_EQ(out[i], i > 3 ? 1 : 0) << i;
  EXPECT_EQ(out[n], 7);
}

// Through evaluate(): an output above executor::kStreamingBytes, on 1 and 2 threads, matches
// the element-wise formula (the executor sets the flag; every chunk streams).
TEST(Streaming, LargeOutputsThroughEvaluate) {
  const std::int64_t n = executor::kStreamingBytes / 8 + 1001;
  Array a = Array::empty(DType::Float64, {n});
  Array b = Array::empty(DType::Float64, {n});
  for (std::int64_t i = 0; i < n; ++i) {
    a.data_as<double>()[i] = static_cast<double>(i % 1000) * 0.5;
    b.data_as<double>()[i] = static_cast<double>(i % 77);
  }
  const int before = get_num_threads();
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    const Array y = evaluate("2*a + 3*b", {{"a", a}, {"b", b}});
    const double* got = y.data_as<double>();
    for (std::int64_t i = 0; i < n; ++i)
      ASSERT_EQ(got[i], 2 * a.data_as<double>()[i] + 3 * b.data_as<double>()[i]) << "threads=" << threads << " i=" << i;
  }
  set_num_threads(before);
}

}  // namespace
}  // namespace exprjit
