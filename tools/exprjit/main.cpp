// build/bin/exprjit: inspect the compiled form of an expression and measure it.
//   exprjit ast|ir|asm|validate EXPR [--dtype NAME=TYPE ...]
//   exprjit eval EXPR NAME=VALUE ... [-o OUT.npy] [--threads N]
//   exprjit bench EXPR [--n N] [--dtype TYPE] [--threads N] [--repeat R]
//   exprjit functions
// Exit status: 0 success, 1 user error (one line on stderr; syntax errors add a caret), 2 usage.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "compiler/ast.h"
#include "compiler/complex_functions.h"
#include "compiler/functions.h"
#include "compiler/pipeline.h"
#include "compiler/typecheck.h"
#include "compiler/parser.h"
#include "exprjit/exprjit.h"
#include "tools/exprjit/bench.h"
#include "tools/exprjit/eval.h"

namespace {

using exprjit::DType;

struct Common {
  std::string expression;
  std::vector<std::string> dtypes;  // NAME=TYPE
  std::string accuracy = "precise";
};

// Variables default to float64 arrays; --dtype NAME=TYPE overrides one.
exprjit::Signature signature_for(const Common& common) {
  exprjit::Signature signature;
  for (const std::string& name : exprjit::typecheck::variable_names(*exprjit::parser::parse(common.expression)))
    signature.push_back({name, DType::Float64, false});
  for (const std::string& spec : common.dtypes) {
    const auto equals = spec.find('=');
    if (equals == std::string::npos) throw exprjit::ValueError("--dtype expects NAME=TYPE, got '" + spec + "'");
    const std::string name = spec.substr(0, equals);
    bool found = false;
    for (exprjit::Param& param : signature) {
      if (param.name == name) {
        const std::string type = spec.substr(equals + 1);
        const auto parsed = exprjit::parse_param_type(type);  // a dtype name, or bytes<width>
        if (!parsed) {
          throw exprjit::TypeError("unknown dtype '" + type +
                                   "' (use bool, int8-int64, uint8-uint64, float32, float64, complex64, complex128 or bytesN, e.g. bytes5)");
        }
        param.dtype = parsed->first;
        param.width = parsed->second;
        found = true;
      }
    }
    if (!found) throw exprjit::NameError("--dtype names '" + name + "', which the expression does not use");
  }
  return signature;
}

exprjit::Options options_for(const Common& common) {
  exprjit::Options options;
  options.accuracy = common.accuracy == "fast" ? exprjit::Accuracy::Fast : exprjit::Accuracy::Precise;
  return options;
}

void add_common(CLI::App& command, Common& common) {
  command.add_option("expression", common.expression, "the expression, e.g. \"1/(1+exp(-z))\"")->required();
  command.add_option("--dtype", common.dtypes, "NAME=TYPE for a variable (default float64)");
  command.add_option("--accuracy", common.accuracy, "precise (<=1 ULP, default) or fast (<=4 ULP)")
      ->check(CLI::IsMember({"precise", "fast"}));
}

void print_functions() {
  std::printf("%-10s %-6s %s\n", "function", "args", "types");
  for (const auto& function : exprjit::functions::all()) {
    const char* rule = "";
    switch (function.rule) {
      case exprjit::functions::TypeRule::FloatMath: rule = "float32 -> float32; float64, int, bool -> float64"; break;
      case exprjit::functions::TypeRule::Predicate: rule = "any numeric -> bool"; break;
      case exprjit::functions::TypeRule::SameNumeric: rule = "int32, int64, float32, float64 -> same"; break;
      case exprjit::functions::TypeRule::Conditional: rule = "(bool, T, U) -> common type of T and U"; break;
      case exprjit::functions::TypeRule::KeepsIntegers: rule = "integers -> same; float32 -> float32; float64, bool -> float64"; break;
      case exprjit::functions::TypeRule::SameType: rule = "any -> same"; break;
      case exprjit::functions::TypeRule::ComplexPart: rule = "complex64 -> float32, complex128 -> float64; real -> same"; break;
      case exprjit::functions::TypeRule::ComplexFromParts: rule = "(float32, float32) -> complex64; other reals -> complex128"; break;
    }
    std::printf("%-10s %-6d %s\n", std::string(function.name).c_str(), function.arity, rule);
  }
  std::string complex;
  for (const auto& function : exprjit::functions::all())
    if (exprjit::complex_functions::find(function.name)) complex += (complex.empty() ? "" : " ") + std::string(function.name);
  std::printf("complex arguments (docs/language.md): %s\n", complex.c_str());
  std::printf("%-10s %-6s %s\n", "contains", "2", "(bytes, bytes) -> bool");
  std::printf("%-10s %-6s %s\n", "sum, prod", "1(+axis)", "bool, int -> int64; float, complex -> same");
  std::printf("%-10s %-6s %s\n", "min, max", "1(+axis)", "same type; NaN propagates; not complex");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"exprjit: compile element-wise array expressions with LLVM and inspect the result"};
  app.set_version_flag("--version", exprjit::version_string());
  app.require_subcommand(1);

  Common common;
  auto* ast_cmd = app.add_subcommand("ast", "print the typed tree, with dtypes and inserted casts");
  add_common(*ast_cmd, common);
  auto* ir_cmd = app.add_subcommand("ir", "print the kernel's LLVM IR (optimised, as the JIT compiles it)");
  add_common(*ir_cmd, common);
  int opt_level = exprjit::pipeline::kRuntimeOptLevel;
  bool unoptimized = false;
  ir_cmd->add_option("--opt", opt_level, "LLVM's optimisation level 0-3 instead of the kernel pipeline")->check(CLI::Range(0, 3));
  ir_cmd->add_flag("--unoptimized", unoptimized, "the IR as generated, before optimisation");
  auto* asm_cmd = app.add_subcommand("asm", "print the kernel's host machine code");
  add_common(*asm_cmd, common);
  auto* validate_cmd = app.add_subcommand("validate", "check an expression; print its result dtype");
  add_common(*validate_cmd, common);
  auto* functions_cmd = app.add_subcommand("functions", "list the builtin functions and their types");

  exprjit::tools::EvalOptions eval;
  auto* eval_cmd = app.add_subcommand("eval", "evaluate on .npy files and scalars; print the result or write a .npy");
  eval_cmd->add_option("expression", eval.expression, "the expression, e.g. \"1/(1+exp(-z))\"")->required();
  eval_cmd->add_option("bindings", eval.bindings,
                       "NAME=VALUE: VALUE is a .npy file or a scalar (True, 3 = int64, 2.5 = float64, int32:3, float32:0.5)");
  eval_cmd->add_option("-o,--output", eval.output, "write the result to this .npy file instead of printing it");
  eval_cmd->add_option("--threads", eval.threads, "threads (default: exprjit's default)")->check(CLI::Range(1, 1024));
  eval_cmd->add_option("--as", eval.as_dtype, "convert the result to this dtype (a NumPy name: int8, uint16, float32, ...)");
  eval_cmd->add_option("--casting", eval.casting, "rule for --as: no, equiv, safe (default), same_kind, unsafe")
      ->check(CLI::IsMember({"no", "equiv", "safe", "same_kind", "unsafe"}));
  eval_cmd->add_option("--accuracy", eval.accuracy, "precise (<=1 ULP, default) or fast (<=4 ULP)")
      ->check(CLI::IsMember({"precise", "fast"}));

  exprjit::tools::BenchOptions bench;
  auto* bench_cmd = app.add_subcommand("bench", "time an expression on random inputs next to a memcpy");
  bench_cmd->add_option("expression", bench.expression)->required();
  bench_cmd->add_option("--n", bench.n, "elements per input (default 10^7)");
  bench_cmd->add_option("--dtype", bench.dtype, "dtype of every input (default float64)");
  bench_cmd->add_option("--threads", bench.threads, "threads (default: exprjit's default)");
  bench_cmd->add_option("--repeat", bench.repeat, "timed runs; the median is reported (default 15)");
  bench_cmd->add_option("--accuracy", bench.accuracy)->check(CLI::IsMember({"precise", "fast"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }

  try {
    if (functions_cmd->parsed()) {
      print_functions();
    } else if (eval_cmd->parsed()) {
      exprjit::tools::run_eval(eval, std::cout);
    } else if (bench_cmd->parsed()) {
      exprjit::tools::run_bench(bench, std::cout);
    } else {
      const exprjit::Signature signature = signature_for(common);
      const exprjit::Options options = options_for(common);
      if (ast_cmd->parsed()) {
        exprjit::ast::print_tree(std::cout, *exprjit::pipeline::front_end(common.expression, signature));
      } else if (ir_cmd->parsed()) {
        std::cout << exprjit::pipeline::ir(common.expression, signature, options, unoptimized ? 0 : opt_level);
      } else if (asm_cmd->parsed()) {
        std::cout << exprjit::pipeline::assembly(common.expression, signature, options);
      } else if (validate_cmd->parsed()) {
        std::cout << exprjit::dtype_name(exprjit::validate(common.expression, signature)) << "\n";
      }
    }
  } catch (const exprjit::SyntaxError& error) {
    std::cerr << "exprjit: syntax error: " << error.what() << "\n" << error.caret() << "\n";
    return 1;
  } catch (const exprjit::Error& error) {
    std::cerr << "exprjit: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
