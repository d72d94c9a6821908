#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>
#include <gtest/gtest.h>
#include "exprjit/exprjit.h"
using namespace exprjit;
TEST(Probe, CompileTime) {
  const char* fns[] = {"sin", "cos", "exp", "log", "sqrt", "arctan2"};
  for (auto* f : fns) {
    for (DType t : {DType::Float64, DType::Float32, DType::Int32}) {
      auto t0 = std::chrono::steady_clock::now();
      std::string e = std::string(f) + (std::string(f) == "arctan2" ? "(x, y)" : "(x)");
      Signature sig{{"x", t}};
      if (std::string(f) == "arctan2") sig.push_back({"y", t});
      Kernel k = compile(e, sig, {});
      auto t1 = std::chrono::steady_clock::now();
      std::printf("%s %d %.1f ms\n", f, (int)t, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  }
}
