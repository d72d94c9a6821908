// build/bin/exprjit-mnist: trains and evaluates the MNIST classifier (docs/nn.md).
// Exit status: 0 success, 1 user error (one line on stderr), 2 bad command line.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "exprjit/error.h"
#include "exprjit/exprjit.h"
#include "tools/mnist/commands.h"

namespace {

using namespace exprjit::tools;

void print_version() {
  std::printf("%s\n", exprjit::version_string().c_str());
  std::printf("BLAS: %s\n", blas_description().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"exprjit-mnist: train the MNIST digit classifier with exprjit kernels and OpenBLAS"};
  app.require_subcommand(0, 1);
  bool version = false;
  app.add_flag("--version", version, "print exprjit, LLVM, CPU and OpenBLAS kernel versions");

  TrainFlags train_flags;
  TrainOutputs train_outputs;
  auto* train = app.add_subcommand("train", "train a network and report accuracy and timing");
  add_train_flags(*train, train_flags);
  train->add_option("--threads", train_outputs.threads, "threads for exprjit and OpenBLAS (default: all)");
  train->add_option("--history", train_outputs.history_csv, "write the per-step history as CSV");
  train->add_option("--plot", train_outputs.plot_svg, "write the accuracy-evolution chart (SVG)");
  train->add_option("--save", train_outputs.model_path, "save the trained model (docs/nn.md format)");

  EvalFlags eval_flags;
  auto* eval = app.add_subcommand("eval", "test accuracy and confusion matrix of a saved model");
  eval->add_option("--model", eval_flags.model_path, "model file written by train --save")->required();
  eval->add_option("--data", eval_flags.data_dir, "directory with the MNIST IDX files");
  eval->add_option("--threads", eval_flags.threads, "threads (default: all)");

  TrainFlags scaling_train;
  ScalingFlags scaling_flags;
  auto* scaling = app.add_subcommand("scaling", "time the same training at several thread counts");
  add_train_flags(*scaling, scaling_train);
  scaling->add_option("--threads", scaling_flags.threads, "thread counts, e.g. 1,2 (default 1,2)");
  scaling->add_option("--plot", scaling_flags.plot_svg, "write the time and speed-up chart (SVG)");
  scaling->add_option("--csv", scaling_flags.table_csv, "write the table as CSV");

  TrainFlags bench_train;
  CostBenchFlags bench_flags;
  auto* bench = app.add_subcommand("bench", "median seconds per full-batch cost+gradient evaluation");
  add_train_flags(*bench, bench_train);
  bench->add_option("--threads", bench_flags.threads, "threads (default: all)");
  bench->add_option("--repeat", bench_flags.repeat, "timed evaluations (default 5)")->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  try {
    if (version) print_version();
    if (train->parsed()) return run_train(train_flags, train_outputs);
    if (eval->parsed()) return run_eval(eval_flags);
    if (scaling->parsed()) return run_scaling(scaling_train, scaling_flags);
    if (bench->parsed()) return run_cost_bench(bench_train, bench_flags);
    if (!version) std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const exprjit::Error& e) {
    std::fprintf(stderr, "exprjit-mnist: error: %s\n", e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "exprjit-mnist: error: out of memory\n");
    return 1;
  }
}
