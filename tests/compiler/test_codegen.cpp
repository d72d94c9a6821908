// Code generation through the pipeline: the optimised IR is vectorised for the host's width,
// calls SLEEF (never scalar libm), handles the tail with masked memory operations, the
// assembly uses the host's vector registers, and the compiled kernels compute the right numbers.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "compiler/pipeline.h"
#include "compiler/target.h"
#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

const target::Target& host() { return target::host(); }
int lanes(int element_bits) { return host().vector_bits / element_bits; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "Sleef_expd8_u10avx512f" for this host.
std::string sleef_symbol(const std::string& name, bool single, const std::string& accuracy) {
  const int bits = single ? 32 : 64;
  return "Sleef_" + name + (single ? "f" : "d") + std::to_string(lanes(bits)) + "_" + accuracy +
         std::string(target::sleef_isa(host().level, bits, lanes(bits)));
}

std::string vector_of(int count, const char* element) {
  return "<" + std::to_string(count) + " x " + element + ">";
}

const Signature kZ64 = {{"z", DType::Float64}};
const Signature kZ32 = {{"z", DType::Float32}};
const char* const kSigmoid = "1/(1+exp(-z))";

// Runs LLVM's assembler (which verifies the module) on `ir`, when the tool is installed.
std::string llvm_as_problems(const std::string& ir) {
  const std::filesystem::path tool = "/usr/lib/llvm-19/bin/llvm-as";
  if (!std::filesystem::exists(tool)) return "skip";
  const auto dir = std::filesystem::temp_directory_path();
  const std::string stem = "exprjit_codegen_test_" + std::to_string(::getpid());
  const auto input = dir / (stem + ".ll");
  const auto errors = dir / (stem + ".err");
  std::ofstream(input) << ir;
  const std::string command = tool.string() + " -o /dev/null " + input.string() + " 2> " + errors.string();
  const int status = std::system(command.c_str());
  std::ifstream in(errors);
  std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(input);
  std::filesystem::remove(errors);
  return status == 0 ? "" : "llvm-as failed: " + message;
}

// Scalar libm calls in `ir` outside the cold "libm_fallback" blocks (which recompute, with glibc,
// only the rare lanes where SLEEF gives a non-finite result for finite arguments). Each entry
// is "block: call line".
std::vector<std::string> hot_libm_calls(const std::string& ir) {
  static const char* const kLibm[] = {"exp", "expf", "pow", "powf", "sin", "sinf", "cos", "cosf", "log", "logf",
                                      "sinh", "sinhf", "cosh", "coshf", "asinh", "asinhf", "acosh", "acoshf",
                                      "log1p", "log1pf", "fmod", "fmodf", "tan", "tanf", "expm1", "atan2"};
  std::vector<std::string> found;
  std::string block;
  std::size_t start = 0;
  while (start < ir.size()) {
    std::size_t end = ir.find('\n', start);
    if (end == std::string::npos) end = ir.size();
    const std::string line = ir.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line[0] != ' ' && line[0] != ';') {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos && line.find(' ') > colon) block = line.substr(0, colon);
      continue;
    }
    if (line.find("call ") == std::string::npos) continue;
    for (const char* name : kLibm) {
      if (line.find(std::string("@") + name + "(") == std::string::npos) continue;
      if (block.rfind("libm_fallback", 0) != 0) found.push_back(block + ": " + line);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// IR

TEST(CodegenIR, HotLibmCallDetector) {
  const std::string ir =
      "define void @kernel(i64 %0) {\nentry:\n  %a = call double @exp(double 1.0)\n"
      "libm_fallback3:  ; preds = %entry\n  %b = tail call double @exp(double 2.0)\n}\n";
  const std::vector<std::string> hot = hot_libm_calls(ir);
  ASSERT_EQ(hot.size(), 1u);
  EXPECT_EQ(hot[0].substr(0, 6), "entry:");
}

TEST(CodegenIR, SigmoidFloat64IsVectorisedWithSleef) {
  const std::string ir = pipeline::ir(kSigmoid, kZ64, {});
  const int n = lanes(64);
  EXPECT_TRUE(contains(ir, vector_of(n, "double"))) << "no " << vector_of(n, "double") << " in\n" << ir;
  EXPECT_TRUE(contains(ir, "@" + sleef_symbol("exp", false, "u10"))) << sleef_symbol("exp", false, "u10") << "\n" << ir;
  EXPECT_TRUE(contains(ir, "@Sleef_expd")) << ir;
  // The partial last step uses masked loads and stores (contiguous) or gathers/scatters (strided).
  EXPECT_TRUE(contains(ir, "llvm.masked")) << ir;
  EXPECT_TRUE(contains(ir, "@llvm.masked.load")) << ir;
  EXPECT_TRUE(contains(ir, "@llvm.masked.store")) << ir;
  EXPECT_TRUE(contains(ir, "@llvm.masked.gather")) << ir;
  EXPECT_TRUE(contains(ir, "@llvm.masked.scatter")) << ir;
  // No scalar libm call on the hot path, and no LLVM math intrinsic that would become one.
  EXPECT_EQ(hot_libm_calls(ir), std::vector<std::string>{}) << ir;
  EXPECT_FALSE(contains(ir, "@llvm.exp.")) << ir;
  EXPECT_FALSE(contains(ir, "@expf(")) << ir;
  EXPECT_TRUE(contains(ir, "define void @kernel(i64")) << ir;
  const std::string problems = llvm_as_problems(ir);
  if (problems != "skip") EXPECT_EQ(problems, "");
}

TEST(CodegenIR, SigmoidFloat32UsesFloatVectors) {
  const std::string ir = pipeline::ir(kSigmoid, kZ32, {});
  const int m = lanes(32);
  EXPECT_TRUE(contains(ir, vector_of(m, "float"))) << "no " << vector_of(m, "float") << " in\n" << ir;
  EXPECT_TRUE(contains(ir, "@" + sleef_symbol("exp", true, "u10"))) << sleef_symbol("exp", true, "u10") << "\n" << ir;
  EXPECT_FALSE(contains(ir, " x double>")) << "a float32 kernel should not widen to double\n" << ir;
  EXPECT_EQ(hot_libm_calls(ir), std::vector<std::string>{}) << ir;
  EXPECT_FALSE(contains(ir, "@llvm.exp.")) << ir;
  EXPECT_TRUE(contains(ir, "llvm.masked")) << ir;
}

TEST(CodegenIR, AccuracyPicksSleefVariant) {
  const std::string precise = pipeline::ir("sin(z)", kZ64, {.accuracy = Accuracy::Precise});
  const std::string fast = pipeline::ir("sin(z)", kZ64, {.accuracy = Accuracy::Fast});
  EXPECT_TRUE(contains(precise, "@" + sleef_symbol("sin", false, "u10"))) << precise;
  EXPECT_TRUE(contains(fast, "@" + sleef_symbol("sin", false, "u35"))) << fast;
  EXPECT_FALSE(contains(fast, "_u10")) << fast;
  // exp has no u35 variant in SLEEF 3.5: both modes use u10.
  EXPECT_TRUE(contains(pipeline::ir("exp(z)", kZ64, {.accuracy = Accuracy::Fast}), sleef_symbol("exp", false, "u10")));
  // Float powers go through SLEEF's pow, not libm.
  const std::string power = pipeline::ir("z**z", kZ64, {});
  EXPECT_TRUE(contains(power, "@" + sleef_symbol("pow", false, "u10"))) << power;
  EXPECT_EQ(hot_libm_calls(power), std::vector<std::string>{}) << power;
  EXPECT_FALSE(contains(power, "@llvm.pow.")) << power;
}

TEST(CodegenIR, LanesFollowTheWidestType) {
  // float32 mixed with float64: the kernel runs at float64 width and loads float32 vectors of it.
  const Signature mixed = {{"f", DType::Float32}, {"d", DType::Float64}};
  const std::string ir = pipeline::ir("f + d", mixed, {});
  EXPECT_TRUE(contains(ir, vector_of(lanes(64), "float"))) << ir;
  EXPECT_TRUE(contains(ir, vector_of(lanes(64), "double"))) << ir;
  EXPECT_TRUE(contains(ir, "fpext")) << ir;
  // int32 only: 32-bit lanes.
  const Signature ints = {{"i", DType::Int32}, {"j", DType::Int32}};
  EXPECT_TRUE(contains(pipeline::ir("i * j + 1", ints, {}), vector_of(lanes(32), "i32")));
  // Bool results are stored as bytes.
  const std::string compare = pipeline::ir("z < 1.5", kZ64, {});
  EXPECT_TRUE(contains(compare, vector_of(lanes(64), "i8"))) << compare;
}

TEST(CodegenIR, ScalarsAreLoadedOnceAndSplat) {
  const Signature signature = {{"a", DType::Float64, true}, {"z", DType::Float64}};
  const std::string ir = pipeline::ir("a*z", signature, {}, 0);
  EXPECT_TRUE(contains(ir, "load double, ptr")) << ir;  // the scalar, read before the loops
  EXPECT_TRUE(contains(ir, "shufflevector")) << ir;      // ... and splat across the lanes
}

TEST(CodegenIR, OptLevelZeroIsValidUnoptimisedIR) {
  const std::string o0 = pipeline::ir(kSigmoid, kZ64, {}, 0);
  const std::string o3 = pipeline::ir(kSigmoid, kZ64, {}, 3);
  EXPECT_TRUE(contains(o0, "define void @kernel(i64")) << o0;
  EXPECT_TRUE(contains(o0, "ret void")) << o0;
  EXPECT_TRUE(contains(o0, "alloca")) << o0;  // the loop counter, before mem2reg
  EXPECT_FALSE(contains(o3, "alloca")) << o3;
  EXPECT_TRUE(contains(o0, "@llvm.masked.load")) << o0;
  EXPECT_TRUE(contains(o0, "@" + sleef_symbol("exp", false, "u10"))) << o0;
  EXPECT_TRUE(contains(o0, vector_of(lanes(64), "double"))) << o0;
  EXPECT_FALSE(contains(o0, "<badref>")) << o0;
  EXPECT_NE(o0, o3);
  for (const std::string* ir : {&o0, &o3}) {
    const std::string problems = llvm_as_problems(*ir);
    if (problems != "skip") EXPECT_EQ(problems, "") << *ir;
  }
  // Every level in between works too, and the IR of a reduction is valid.
  for (int level = 1; level <= 2; ++level) EXPECT_TRUE(contains(pipeline::ir(kSigmoid, kZ64, {}, level), "define void @kernel"));
  for (int level : {0, 3}) {
    const std::string reduction = pipeline::ir("sum(z*2)", kZ64, {}, level);
    const std::string problems = llvm_as_problems(reduction);
    if (problems != "skip") EXPECT_EQ(problems, "") << reduction;
  }
}

TEST(CodegenIR, FrontEndErrorsPropagate) {
  EXPECT_THROW(pipeline::ir("1 +", kZ64, {}), SyntaxError);
  EXPECT_THROW(pipeline::ir("y", kZ64, {}), NameError);
  EXPECT_THROW(pipeline::assembly("~z", kZ64, {}), TypeError);
}

TEST(CodegenIR, KernelIrMatchesPipeline) {
  const Kernel kernel = compile(kSigmoid, kZ64);
  const std::string ir = kernel.ir();
  EXPECT_TRUE(contains(ir, vector_of(lanes(64), "double")));
  EXPECT_TRUE(contains(ir, "@" + sleef_symbol("exp", false, "u10")));
}

// ---------------------------------------------------------------------------------------------
// Assembly

TEST(CodegenAsm, UsesTheHostVectorRegisters) {
  const std::string asm_text = pipeline::assembly(kSigmoid, kZ64, {});
  ASSERT_FALSE(asm_text.empty());
  EXPECT_TRUE(contains(asm_text, "kernel")) << asm_text.substr(0, 2000);
  EXPECT_TRUE(contains(asm_text, sleef_symbol("exp", false, "u10"))) << asm_text.substr(0, 2000);
  switch (host().level) {
    case target::SimdLevel::Avx512:
      EXPECT_TRUE(contains(asm_text, "%zmm")) << asm_text.substr(0, 4000);
      EXPECT_TRUE(contains(asm_text, "{%k")) << "masked tail should use AVX-512 mask registers";
      break;
    case target::SimdLevel::Avx2:
      EXPECT_TRUE(contains(asm_text, "%ymm")) << asm_text.substr(0, 4000);
      EXPECT_FALSE(contains(asm_text, "%zmm"));
      break;
    default:
      EXPECT_TRUE(contains(asm_text, "%xmm")) << asm_text.substr(0, 4000);
      EXPECT_FALSE(contains(asm_text, "%ymm"));
      break;
  }
  const std::string single = pipeline::assembly(kSigmoid, kZ32, {});
  EXPECT_TRUE(contains(single, sleef_symbol("exp", true, "u10")));
  if (host().level == target::SimdLevel::Avx512) EXPECT_TRUE(contains(single, "%zmm"));
}

TEST(CodegenTarget, HostIsConsistent) {
  const target::Target& t = host();
  EXPECT_FALSE(t.triple.empty());
  EXPECT_FALSE(t.cpu.empty());
  switch (t.level) {
    case target::SimdLevel::Avx512: EXPECT_EQ(t.vector_bits, 512); break;
    case target::SimdLevel::Avx2: EXPECT_EQ(t.vector_bits, 256); break;
    default: EXPECT_EQ(t.vector_bits, 128); break;
  }
  EXPECT_EQ(target::sleef_isa(target::SimdLevel::Avx512, 64, 8), "avx512f");
  EXPECT_EQ(target::sleef_isa(target::SimdLevel::Avx2, 32, 8), "avx2");
  EXPECT_EQ(target::sleef_isa(target::SimdLevel::Avx2, 64, 2), "avx2128");
  EXPECT_EQ(target::sleef_isa(target::SimdLevel::Sse2, 64, 4), "");
}

// ---------------------------------------------------------------------------------------------
// Numbers

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Relative error in units of the result's spacing.
double ulps(double got, double want) {
  if (got == want) return 0;
  return std::fabs(got - want) / std::fabs(std::nextafter(want, HUGE_VAL) - want);
}

TEST(CodegenNumbers, SigmoidFloat64) {
  const Kernel kernel = compile(kSigmoid, kZ64);
  EXPECT_EQ(kernel.result_dtype(), DType::Float64);
  const std::vector<double> z = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> got = kernel({Array::from(z)}).to_vector<double>();
  ASSERT_EQ(got.size(), z.size());
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_LE(ulps(got[i], sigmoid(z[i])), 2.0) << z[i];
  EXPECT_NEAR(got[0], 0.7310585786300049, 1e-15);
  EXPECT_NEAR(got[8], 0.9998766054240137, 1e-15);
}

TEST(CodegenNumbers, SigmoidFloat32) {
  const Kernel kernel = compile(kSigmoid, kZ32);
  EXPECT_EQ(kernel.result_dtype(), DType::Float32);
  std::vector<float> z;
  for (int i = -40; i <= 40; ++i) z.push_back(0.37f * static_cast<float>(i));
  const std::vector<float> got = kernel({Array::from(z)}).to_vector<float>();
  ASSERT_EQ(got.size(), z.size());
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_NEAR(got[i], sigmoid(z[i]), 2e-7) << z[i];
}

// Every length around the vector width: whole steps, masked tail, empty input.
TEST(CodegenNumbers, EveryTailLength) {
  const Kernel f64 = compile("z*2 + 1", kZ64);
  const Kernel f32 = compile("z*2 + 1", kZ32);
  const Kernel i32 = compile("i*3 - 7", {{"i", DType::Int32}});
  for (int n = 0; n <= 3 * lanes(32) + 1; ++n) {
    std::vector<double> z(n);
    std::vector<float> w(n);
    std::vector<std::int32_t> k(n);
    for (int i = 0; i < n; ++i) {
      z[i] = 0.5 * i - 3;
      w[i] = 0.25f * static_cast<float>(i);
      k[i] = i * 11 - 40;
    }
    const auto a = f64({Array::from(z)}).to_vector<double>();
    const auto b = f32({Array::from(w)}).to_vector<float>();
    const auto c = i32({Array::from(k)}).to_vector<std::int32_t>();
    ASSERT_EQ(a.size(), static_cast<std::size_t>(n));
    ASSERT_EQ(b.size(), static_cast<std::size_t>(n));
    ASSERT_EQ(c.size(), static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(a[i], z[i] * 2 + 1) << "n=" << n << " i=" << i;
      EXPECT_EQ(b[i], w[i] * 2 + 1) << "n=" << n << " i=" << i;
      EXPECT_EQ(c[i], k[i] * 3 - 7) << "n=" << n << " i=" << i;
    }
  }
}

// The tail must not write past the end: the element after the output stays untouched.
TEST(CodegenNumbers, TailDoesNotWritePastTheEnd) {
  const Kernel kernel = compile("z + 1", kZ64);
  for (int n = 1; n < 2 * lanes(64); ++n) {
    std::vector<double> input(n, 1.0);
    std::vector<double> storage(n + 1, -99.0);
    ArrayView out(storage.data(), DType::Float64, {n});
    kernel({Array::from(input)}, out);
    for (int i = 0; i < n; ++i) EXPECT_EQ(storage[i], 2.0);
    EXPECT_EQ(storage[n], -99.0) << "n=" << n;
  }
}

TEST(CodegenNumbers, StridedInputsUseTheGatherPath) {
  const Kernel kernel = compile("a - 2*b", {{"a", DType::Float64}, {"b", DType::Float64}});
  std::vector<double> a(23), b(46);
  for (int i = 0; i < 23; ++i) a[i] = i;
  for (int i = 0; i < 46; ++i) b[i] = 100 + i;
  const Array av = Array::from(a);
  const Array bv = Array::from(b);
  const ArrayView reversed = av.view().reversed(0);
  const ArrayView every_other = bv.view().stepped(0, 2);
  const std::vector<double> got = kernel({reversed, every_other}).to_vector<double>();
  ASSERT_EQ(got.size(), 23u);
  for (int i = 0; i < 23; ++i) EXPECT_EQ(got[i], (22 - i) - 2 * (100 + 2 * i)) << i;
}

TEST(CodegenNumbers, ScalarParameters) {
  const Kernel kernel = compile("a*z + b", {{"a", DType::Float64, true}, {"b", DType::Int64, true}, {"z", DType::Float64}});
  const std::vector<double> z = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<double> got = kernel({2.5, std::int64_t{-1}, Array::from(z)}).to_vector<double>();
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_EQ(got[i], 2.5 * z[i] - 1) << i;
}

TEST(CodegenNumbers, IntegerDivisionAndPowerFollowNumPy) {
  const Signature ij = {{"i", DType::Int32}, {"j", DType::Int32}};
  const Array i = Array::from<std::int32_t>({7, -7, 7, -7, 5, INT32_MIN, 0, 2, -1, 1, 3});
  const Array j = Array::from<std::int32_t>({2, 2, -2, -2, 0, -1, 0, 10, 3, -5, -1});
  EXPECT_EQ(compile("i // j", ij)({i, j}).to_vector<std::int32_t>(),
            (std::vector<std::int32_t>{3, -4, -4, 3, 0, INT32_MIN, 0, 0, -1, -1, -3}));
  EXPECT_EQ(compile("i % j", ij)({i, j}).to_vector<std::int32_t>(),
            (std::vector<std::int32_t>{1, 1, -1, -1, 0, 0, 0, 2, 2, -4, 0}));
  EXPECT_EQ(compile("i ** j", ij)({i, j}).to_vector<std::int32_t>(),
            (std::vector<std::int32_t>{49, 49, 0, 0, 1, 0, 1, 1024, -1, 1, 0}));
}

TEST(CodegenNumbers, ComparisonsGiveBool) {
  const Kernel kernel = compile("z < 4.5", kZ64);
  EXPECT_EQ(kernel.result_dtype(), DType::Bool);
  const std::vector<double> z = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const Array got = kernel({Array::from(z)});
  ASSERT_EQ(got.dtype(), DType::Bool);
  EXPECT_EQ(got.to_vector<bool>(), (std::vector<bool>{true, true, true, true, false, false, false, false, false}));
}

TEST(CodegenNumbers, SimplifiedPowersAndShared) {
  const std::vector<double> z = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto squares = compile("z**2 + z**-1.0 + z**0", kZ64)({Array::from(z)}).to_vector<double>();
  for (std::size_t i = 0; i < z.size(); ++i) EXPECT_EQ(squares[i], z[i] * z[i] + 1.0 / z[i] + 1.0) << i;
  const auto shared = compile("sin(z)**2 + cos(z)**2", kZ64)({Array::from(z)}).to_vector<double>();
  for (double v : shared) EXPECT_NEAR(v, 1.0, 1e-15);
  const auto where = compile("where(z > 5, z, -z)", kZ64)({Array::from(z)}).to_vector<double>();
  EXPECT_EQ(where, (std::vector<double>{-1, -2, -3, -4, -5, 6, 7, 8, 9}));
}

// float32 SLEEF calls inside a float64-wide kernel use a narrower SLEEF variant.
TEST(CodegenNumbers, MixedWidths) {
  const Signature signature = {{"f", DType::Float32}, {"d", DType::Float64}, {"b", DType::Bool}};
  const Kernel kernel = compile("where(b, sin(f), exp(f)) + d", signature);
  EXPECT_EQ(kernel.result_dtype(), DType::Float64);
  std::vector<float> f;
  std::vector<double> d;
  bool b[29];
  for (int i = 0; i < 29; ++i) {
    f.push_back(0.1f * static_cast<float>(i) - 1.0f);
    d.push_back(1000.0 * i);
    b[i] = i % 3 == 0;
  }
  const Array flags = Array::from(std::span<const bool>(b, 29));
  const auto got = kernel({Array::from(f), Array::from(d), flags}).to_vector<double>();
  ASSERT_EQ(got.size(), f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    const float branch = b[i] ? std::sin(f[i]) : std::exp(f[i]);
    EXPECT_NEAR(got[i], static_cast<double>(branch) + d[i], 1e-6 + std::fabs(branch) * 3e-7) << i;
  }
}

TEST(CodegenNumbers, FastSinIsClose) {
  std::vector<double> z;
  for (int i = 0; i < 37; ++i) z.push_back(-3.0 + 0.17 * i);
  const auto fast = compile("sin(z)", kZ64, {.accuracy = Accuracy::Fast})({Array::from(z)}).to_vector<double>();
  const auto precise = compile("sin(z)", kZ64)({Array::from(z)}).to_vector<double>();
  for (std::size_t i = 0; i < z.size(); ++i) {
    EXPECT_LE(ulps(precise[i], std::sin(z[i])), 2.0) << z[i];
    EXPECT_LE(ulps(fast[i], std::sin(z[i])), 5.0) << z[i];
  }
}

TEST(CodegenNumbers, Reductions) {
  const std::vector<double> z = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const Array sum = compile("sum(z)", kZ64)({Array::from(z)});
  EXPECT_EQ(sum.ndim(), 0);
  EXPECT_EQ(sum.to_vector<double>(), std::vector<double>{45});
  EXPECT_EQ(compile("prod(z)", kZ64)({Array::from(z)}).to_vector<double>(), std::vector<double>{362880});
  EXPECT_EQ(compile("max(-z)", kZ64)({Array::from(z)}).to_vector<double>(), std::vector<double>{-1});
  const Array matrix = Array::from<std::int32_t>({1, 2, 3, 4, 5, 6}, Shape{2, 3});
  const Array rows = compile("sum(i, axis=1)", {{"i", DType::Int32}})({matrix});
  EXPECT_EQ(rows.dtype(), DType::Int64);
  EXPECT_EQ(rows.shape(), Shape{2});
  EXPECT_EQ(rows.to_vector<std::int64_t>(), (std::vector<std::int64_t>{6, 15}));
  const Array columns = compile("min(i, axis=0)", {{"i", DType::Int32}})({matrix});
  EXPECT_EQ(columns.dtype(), DType::Int32);
  EXPECT_EQ(columns.to_vector<std::int32_t>(), (std::vector<std::int32_t>{1, 2, 3}));
}

}  // namespace
}  // namespace exprjit
