// The options `train` and `scaling` share, registered on a CLI11 subcommand.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "nn/train.h"

namespace exprjit::tools {

struct TrainFlags {
  std::string data_dir = "data/mnist";
  std::string hidden = "300";
  double lambda = 5;
  std::string cost = "cross-entropy";
  std::string optimizer = "cg";
  int max_iterations = 50;
  int epochs = 30;
  long batch = 10;
  double learning_rate = -1;  // default depends on the optimiser
  double momentum = 0;
  long train_count = nn::kStudyTrainCount;
  std::string dtype = "float64";
  std::string init = "uniform";
  unsigned long long seed = 1;
  bool train_accuracy = true;
};

void add_train_flags(CLI::App& command, TrainFlags& flags);

// Checks and converts; throws exprjit::ValueError with a one-line message.
nn::TrainOptions to_train_options(const TrainFlags& flags);

// "1,2,4" -> {1, 2, 4}; throws exprjit::ValueError for anything but positive integers.
std::vector<long> parse_positive_list(const std::string& text, const std::string& what);

// A one-line description: "784-300-10 sigmoid, lambda 5, cg (50 iterations), float64".
std::string describe(const TrainFlags& flags, const nn::TrainOptions& options);

}  // namespace exprjit::tools
