// The shape of complex kernels' IR: lanes from the part type, one double-width load split into
// real and imaginary parts (masked with the mask duplicated per pair), an interleaving store,
// two gathers/scatters for strided operands, inline arithmetic, and one helper call per step
// for the transcendental functions.
#include <string>

#include <gtest/gtest.h>

#include "compiler/pipeline.h"
#include "compiler/target.h"
#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::string vector_of(int count, const char* element) { return "<" + std::to_string(count) + " x " + element + ">"; }

int count(const std::string& text, const std::string& part) {
  int found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

TEST(ComplexCodegen, LanesComeFromThePartType) {
  const int doubles = target::host().vector_bits / 64, floats = target::host().vector_bits / 32;
  const std::string wide = pipeline::ir("z * w", {{"z", DType::Complex128}, {"w", DType::Complex128}}, {});
  EXPECT_TRUE(contains(wide, "load " + vector_of(2 * doubles, "double"))) << wide;
  EXPECT_TRUE(contains(wide, "llvm.masked.load.v" + std::to_string(2 * doubles) + "f64")) << wide;
  EXPECT_TRUE(contains(wide, "store " + vector_of(2 * doubles, "double"))) << wide;
  EXPECT_TRUE(contains(wide, "llvm.masked.gather.v" + std::to_string(doubles) + "f64")) << wide;
  EXPECT_TRUE(contains(wide, "llvm.masked.scatter.v" + std::to_string(doubles) + "f64")) << wide;
  EXPECT_FALSE(contains(wide, "call void @exprjit_")) << "multiplication is inline";
  EXPECT_FALSE(contains(wide, "@llvm.fma") || contains(wide, "@llvm.fmuladd") || contains(wide, " contract ")) << "NumPy rounds each product";

  // ... and the backend does not fuse them either (NumPy's baseline build has no FMA).
  const std::string assembly =
      pipeline::assembly("z * w / (w + 1)", {{"z", DType::Complex128}, {"w", DType::Complex128}}, {});
  EXPECT_FALSE(contains(assembly, "vfmadd") || contains(assembly, "vfmsub") || contains(assembly, "vfnmadd")) << assembly;

  const std::string narrow = pipeline::ir("y / y", {{"y", DType::Complex64}}, {});
  EXPECT_TRUE(contains(narrow, "load " + vector_of(2 * floats, "float"))) << narrow;
  EXPECT_FALSE(contains(narrow, "call void @exprjit_")) << "division is inline";
}

TEST(ComplexCodegen, TranscendentalsCallOneHelperPerStep) {
  const std::string text = pipeline::ir("exp(z) + sqrt(z)", {{"z", DType::Complex64}}, {});
  EXPECT_TRUE(contains(text, "declare void @exprjit_complex64_exp(ptr, ptr, i64)")) << text;
  EXPECT_TRUE(contains(text, "declare void @exprjit_complex64_sqrt(ptr, ptr, i64)")) << text;
  // Each call site appears once per loop body: full and masked steps, contiguous and strided.
  EXPECT_EQ(count(text, "call void @exprjit_complex64_exp("), 4) << text;
  const std::string power = pipeline::ir("z ** w", {{"z", DType::Complex128}, {"w", DType::Complex128}}, {});
  EXPECT_TRUE(contains(power, "declare void @exprjit_complex128_power(ptr, ptr, ptr, ptr, i64)")) << power;
}

TEST(ComplexCodegen, HelpersResolveInTheJit) {
  // Compiling and running proves the JIT finds every helper by address.
  for (const char* function : {"sqrt", "exp", "expm1", "log", "log1p", "log10", "log2", "sin", "cos", "tan", "arcsin",
                               "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "abs"}) {
    for (DType type : {DType::Complex64, DType::Complex128}) {
      const Kernel kernel = compile(std::string(function) + "(z)", {{"z", type}});
      const Array z = type == DType::Complex64 ? Array::from<std::complex<float>>({{0.5f, 0.25f}})
                                               : Array::from<std::complex<double>>({{0.5, 0.25}});
      EXPECT_NO_THROW(kernel({z})) << function;
    }
  }
}

}  // namespace
}  // namespace exprjit
