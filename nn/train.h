// Training a network on MNIST with any of the optimisers, recording the history the study
// plots (cost, training and validation accuracy per iteration or epoch) and where time goes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "nn/cost.h"
#include "nn/mnist.h"
#include "nn/network.h"
#include "nn/optimizer.h"
#include "nn/profile.h"
#include "nn/sgd.h"

namespace exprjit::nn {

enum class OptimizerKind { ConjugateGradient, GradientDescent, Lbfgs, Sgd };

// "cg", "gd", "lbfgs", "sgd"; throws exprjit::ValueError for anything else.
OptimizerKind parse_optimizer(const std::string& name);
const char* optimizer_name(OptimizerKind kind);

struct TrainOptions {
  std::vector<std::int64_t> hidden{300};
  double lambda = 5;
  CostKind cost = CostKind::CrossEntropy;
  OptimizerKind optimizer = OptimizerKind::ConjugateGradient;
  FullBatchOptions full_batch;        // cg, gd, lbfgs
  double learning_rate = 1.0;         // gd
  int lbfgs_memory = 10;
  SgdOptions sgd;                     // sgd (its learning rate and seed are its own)
  Init init = Init::Uniform;
  double init_epsilon = 0.12;
  std::uint64_t seed = 1;
  bool track_training_accuracy = true;  // costs one forward pass over the training set per step
};

struct HistoryRow {
  int step = 0;  // iteration (full batch) or epoch (sgd); 0 = the initial parameters
  double cost = 0;
  double train_accuracy = -1;  // -1 when not tracked
  double validation_accuracy = -1;
  double train_seconds = 0;    // optimiser time so far, excluding the accuracy measurements
  long evaluations = 0;
};

template <class T>
struct TrainResult {
  Network network{{1, 1}};
  std::vector<T> parameters;
  std::vector<HistoryRow> history;
  OptimizeResult optimizer;
  Profile profile;              // BLAS and kernel time inside the cost function
  double train_seconds = 0;     // optimiser wall time
  double monitor_seconds = 0;   // time measuring accuracies for the history
  double train_accuracy = 0, validation_accuracy = 0, test_accuracy = 0;
};

// Called after every step with the new history row and the number of steps planned.
using ProgressCallback = std::function<void(const HistoryRow&, int planned_steps)>;

template <class T>
TrainResult<T> train(const Mnist<T>& data, const TrainOptions& options, const ProgressCallback& progress = {});

// Threads for both exprjit's kernels (TBB) and OpenBLAS.
void set_thread_count(int threads);

}  // namespace exprjit::nn
