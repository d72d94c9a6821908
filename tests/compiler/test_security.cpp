// The security properties of docs/security.md that are about the language and the generated
// code: an expression can name nothing but variables and builtin functions, and a kernel calls
// nothing but SLEEF, the glibc fallbacks and LLVM intrinsics.
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/bytes_helpers.h"
#include "compiler/functions.h"
#include "compiler/pipeline.h"
#include "exprjit/exprjit.h"

namespace exprjit {
namespace {

// Payloads of the kind that worked against eval()-based evaluators (numexpr CVE-2023-39631):
// each is rejected by the lexer, the parser or the name check, with an exprjit error.
TEST(Security, CodeInjectionIsRejected) {
  const char* payloads[] = {
      "__import__('os').system('id')",
      "__import__(\"os\")",
      "x.__class__",
      "open('/etc/passwd')",
      "exec(x)",
      "eval(x)",
      "getattr(x, y)",
      "system(x)",
      "lambda: 1",
      "[x for x in y]",
      "x; y",
      "x if y else z",
      "x[0]",
      "x = 1",
      "`x`",
      "x # comment",
      "x\\\n+1",
  };
  const Signature signature = {{"x", DType::Float64}, {"y", DType::Float64}, {"z", DType::Float64}};
  for (const char* payload : payloads) {
    try {
      validate(payload, signature);
      ADD_FAILURE() << payload << " was accepted";
    } catch (const SyntaxError&) {
    } catch (const NameError&) {
    } catch (const std::exception& error) {
      ADD_FAILURE() << payload << ": unexpected error " << error.what();
    }
  }
  // A quoted string is a byte string literal (docs/language.md): data, never code; alone it is
  // not a value a kernel computes.
  EXPECT_THROW(validate("\"x\"", signature), TypeError);
  EXPECT_THROW(validate("__import__('os')", signature), NameError);
}

bool allowed(const std::string& symbol) {
  if (symbol.starts_with("llvm.") || symbol.starts_with("Sleef_")) return true;
  // The glibc fallback of a function is the glibc function of its SLEEF name (functions.h);
  // the ** operator has pow's.
  if (symbol == "pow") return true;
  for (const functions::Function& function : functions::all())
    if (function.libm_fallback && symbol == function.sleef_name) return true;
  // Byte string operations call this library's own helpers (compiler/bytes_helpers.h).
  for (const bytes_helpers::Symbol& helper : bytes_helpers::symbols())
    if (symbol == helper.name) return true;
  return false;
}

std::set<std::string> declared_functions(const std::string& ir) {
  static const std::regex declaration(R"(^declare [^@]*@([A-Za-z0-9_.]+)\()");
  std::set<std::string> names;
  std::size_t start = 0;
  while (start < ir.size()) {
    std::size_t end = ir.find('\n', start);
    if (end == std::string::npos) end = ir.size();
    std::smatch match;
    const std::string line = ir.substr(start, end - start);
    if (std::regex_search(line, match, declaration)) names.insert(match[1]);
    start = end + 1;
  }
  return names;
}

// Every builtin, in both accuracies and for float32 and float64, plus the operators that lower
// to calls (pow, fmod-like %, //): the kernel's external references are all allowlisted. The
// JIT resolves only these names anyway (its symbol generators are filtered the same way).
TEST(Security, KernelsCallOnlyAllowlistedFunctions) {
  std::vector<std::string> expressions = {"x ** y", "x % y", "x // y", "sum(x * y)", "max(x)"};
  for (const functions::Function& function : functions::all()) {
    if (function.name == "where") {
      expressions.push_back("where(x > y, x, y)");
      continue;
    }
    expressions.push_back(std::string(function.name) + (function.arity == 1 ? "(x)" : "(x, y)"));
  }
  std::set<std::string> seen;
  for (DType type : {DType::Float32, DType::Float64}) {
    const Signature signature = {{"x", type}, {"y", type}};
    for (Accuracy accuracy : {Accuracy::Precise, Accuracy::Fast}) {
      for (const std::string& text : expressions) {
        for (const std::string& name : declared_functions(pipeline::ir(text, signature, {.accuracy = accuracy}))) {
          EXPECT_TRUE(allowed(name)) << text << " calls " << name;
          seen.insert(name);
        }
      }
    }
  }
  const Signature strings = {{"s", DType::Bytes, false, 5}, {"t", DType::Bytes, true, 2}};
  for (const char* text : {"s < t", "contains(s, b'x') | (t == 'ab')", "s"}) {
    for (const std::string& name : declared_functions(pipeline::ir(text, strings, {}))) {
      EXPECT_TRUE(allowed(name)) << text << " calls " << name;
      seen.insert(name);
    }
  }
  // The check looked at real declarations (SLEEF calls, the glibc fallback, the string helpers).
  EXPECT_TRUE(seen.contains("exp"));
  EXPECT_TRUE(seen.contains("exprjit_bytes_contains"));
  EXPECT_TRUE(seen.contains("exprjit_bytes_copy"));
  EXPECT_GT(seen.size(), 20u);
}

}  // namespace
}  // namespace exprjit
