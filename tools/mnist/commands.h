// The subcommands of build/bin/exprjit-mnist. Each returns the process exit status and throws
// exprjit::Error for user errors (main prints them as one line, exit status 1).
#pragma once

#include <string>

#include "tools/mnist/options.h"

namespace exprjit::tools {

struct TrainOutputs {
  int threads = 0;  // 0: all hardware threads
  std::string history_csv, plot_svg, model_path;
};
int run_train(const TrainFlags& flags, const TrainOutputs& outputs);

struct EvalFlags {
  std::string model_path, data_dir = "data/mnist";
  int threads = 0;
};
int run_eval(const EvalFlags& flags);

struct ScalingFlags {
  std::string threads = "1,2";
  std::string plot_svg, table_csv;
};
int run_scaling(const TrainFlags& flags, const ScalingFlags& scaling);

struct CostBenchFlags {
  int threads = 0;
  int repeat = 5;
};
int run_cost_bench(const TrainFlags& flags, const CostBenchFlags& bench);

// Applies a thread count to exprjit and OpenBLAS (0 = leave the defaults) and returns the count in use.
int apply_threads(int threads);

// Fails early, before a long run, if `path` cannot be written.
void check_writable(const std::string& path);

// "OpenBLAS Cooperlake (chosen by exprjit)"
std::string blas_description();

}  // namespace exprjit::tools
