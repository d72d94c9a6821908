// build/bin/exprjit-accuracy: measures the error of every exprjit function and operator against
// MPFR, in float32 and float64, in precise and fast mode, next to glibc on the same points.
//   exprjit-accuracy [--points N] [--functions a,b] [--dtype float32,float64] [--mode precise,fast]
//                    [--markdown FILE] [--seed S] [--speed N] [--repeats R]
// Exit status: 0 all bounds hold, 1 a bound is exceeded or the arguments are wrong (one line on
// stderr), 2 usage.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "exprjit/exprjit.h"
#include "tools/accuracy/report.h"

namespace {

using namespace exprjit;
using namespace exprjit::accuracy;

struct Arguments {
  std::size_t points = 1000000;
  std::vector<std::string> functions;
  std::vector<std::string> dtypes = {"float32", "float64"};
  std::vector<std::string> modes = {"precise", "fast"};
  std::string markdown;
  std::uint64_t seed = 1;
  std::size_t speed = 1000000;
  int repeats = 7;
};

std::vector<const Case*> selected_cases(const Arguments& a) {
  std::vector<const Case*> cases;
  if (a.functions.empty()) {
    for (const Case& c : all_cases()) cases.push_back(&c);
    return cases;
  }
  for (const std::string& name : a.functions) {
    const Case* c = find_case(name);
    if (!c) {
      std::string known;
      for (const Case& k : all_cases()) known += (known.empty() ? "" : ",") + std::string(k.name);
      throw ValueError("unknown function '" + name + "' (known: " + known + ")");
    }
    cases.push_back(c);
  }
  return cases;
}

std::vector<DType> selected_dtypes(const Arguments& a) {
  std::vector<DType> types;
  for (const std::string& name : a.dtypes) {
    const auto type = dtype_from_name(name);
    if (!type || !is_floating(*type)) throw TypeError("--dtype takes float32 and/or float64, not '" + name + "'");
    types.push_back(*type);
  }
  return types;
}

std::vector<Accuracy> selected_modes(const Arguments& a) {
  std::vector<Accuracy> modes;
  for (const std::string& name : a.modes) {
    if (name != "precise" && name != "fast") throw ValueError("--mode takes precise and/or fast, not '" + name + "'");
    modes.push_back(name == "fast" ? Accuracy::Fast : Accuracy::Precise);
  }
  return modes;
}

std::string command_line(int argc, char** argv) {
  std::string text = "build/bin/exprjit-accuracy";
  for (int i = 1; i < argc; ++i) text += " " + std::string(argv[i]);
  return text;
}

int run(const Arguments& a, const std::string& command) {
  const std::vector<const Case*> cases = selected_cases(a);
  const std::vector<DType> types = selected_dtypes(a);
  SweepOptions options;
  options.points = a.points;
  options.seed = a.seed;
  options.modes = selected_modes(a);
  options.speed_elements = a.speed;
  options.speed_repeats = a.repeats;
  if (a.points == 0) throw ValueError("--points must be positive");
  if (a.repeats < 1) throw ValueError("--repeats must be positive");

  std::ofstream markdown;
  if (!a.markdown.empty()) {
    markdown.open(a.markdown);
    if (!markdown) throw IOError("cannot write '" + a.markdown + "'");
  }
  std::vector<CaseResult> results;
  bool ok = true;
  for (const Case* c : cases) {
    for (DType type : types) {
      results.push_back(run_sweep(*c, type, options));
      print_line(std::cout, results.back());
      std::cout.flush();
      ok = ok && within_bounds(results.back());
    }
  }
  if (markdown.is_open()) {
    write_markdown(markdown, results, command);
    if (!markdown) throw IOError("cannot write '" + a.markdown + "'");
  }
  std::cout << (ok ? "all bounds hold\n" : "some bounds exceeded\n");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures exprjit's error in ULP against MPFR, next to glibc's, and the speed of both modes."};
  Arguments a;
  app.add_option("--points", a.points, "points per function and dtype (default 10^6)");
  app.add_option("--functions", a.functions, "comma-separated subset, e.g. exp,pow,add")->delimiter(',');
  app.add_option("--dtype", a.dtypes, "float32,float64 (default both)")->delimiter(',');
  app.add_option("--mode", a.modes, "precise,fast (default both)")->delimiter(',');
  app.add_option("--markdown", a.markdown, "write the tables of docs/accuracy.md to FILE");
  app.add_option("--seed", a.seed, "seed of the random points (default 1)");
  app.add_option("--speed", a.speed, "elements timed per function and mode, 1 thread (default 10^6; 0: no timing)");
  app.add_option("--repeats", a.repeats, "timed runs per measurement; the median is reported (default 7)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    return run(a, command_line(argc, argv));
  } catch (const std::exception& e) {  // exprjit::Error, or std::bad_alloc for too many --points
    std::cerr << "exprjit-accuracy: " << e.what() << "\n";
    return 1;
  }
}
