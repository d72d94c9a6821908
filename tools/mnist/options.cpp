#include "tools/mnist/options.h"

#include <charconv>
#include <sstream>

#include "exprjit/error.h"

namespace exprjit::tools {

void add_train_flags(CLI::App& command, TrainFlags& flags) {
  command.add_option("--data", flags.data_dir, "directory with the MNIST IDX files (tools/fetch-mnist)");
  command.add_option("--hidden", flags.hidden, "hidden layer sizes, e.g. 300 or 300,100 (default 300)");
  command.add_option("--lambda", flags.lambda, "L2 regularisation strength (default 5)");
  command.add_option("--cost", flags.cost, "cross-entropy (default) or quadratic")
      ->check(CLI::IsMember({"cross-entropy", "quadratic"}));
  command.add_option("--optimizer", flags.optimizer, "cg, gd, lbfgs or sgd (default cg)")
      ->check(CLI::IsMember({"cg", "gd", "lbfgs", "sgd"}));
  command.add_option("--maxiter", flags.max_iterations, "iterations of cg/gd/lbfgs (default 50)")->check(CLI::PositiveNumber);
  command.add_option("--epochs", flags.epochs, "epochs of sgd (default 30)")->check(CLI::PositiveNumber);
  command.add_option("--batch", flags.batch, "mini-batch size of sgd (default 10)")->check(CLI::PositiveNumber);
  command.add_option("--lr", flags.learning_rate, "learning rate of gd (default 1) and sgd (default 3)");
  command.add_option("--momentum", flags.momentum, "sgd momentum in [0, 1) (default 0)");
  command.add_option("--train", flags.train_count, "training examples, the first N of 60000 (default 50000)");
  command.add_option("--dtype", flags.dtype, "float64 or float32 (default float64)")->check(CLI::IsMember({"float64", "float32"}));
  command.add_option("--init", flags.init, "uniform (+-0.12, default) or gaussian")->check(CLI::IsMember({"uniform", "gaussian"}));
  command.add_option("--seed", flags.seed, "seed of the initial parameters and sgd shuffling (default 1)");
  command.add_flag("!--no-train-accuracy", flags.train_accuracy, "skip the per-step training accuracy (saves a forward pass)");
}

std::vector<long> parse_positive_list(const std::string& text, const std::string& what) {
  std::vector<long> values;
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) {
    long value = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (error != std::errc() || end != item.data() + item.size() || value < 1)
      throw ValueError(what + " must be positive integers separated by commas, got '" + text + "'");
    values.push_back(value);
  }
  if (values.empty()) throw ValueError(what + " is empty");
  return values;
}

nn::TrainOptions to_train_options(const TrainFlags& flags) {
  nn::TrainOptions options;
  options.hidden.clear();
  for (long size : parse_positive_list(flags.hidden, "--hidden")) options.hidden.push_back(size);
  options.lambda = flags.lambda;
  if (!(flags.lambda >= 0)) throw ValueError("--lambda must be >= 0");
  options.optimizer = nn::parse_optimizer(flags.optimizer);
  options.cost = flags.cost == "quadratic" ? nn::CostKind::Quadratic : nn::CostKind::CrossEntropy;
  options.full_batch.max_iterations = flags.max_iterations;
  options.learning_rate = flags.learning_rate > 0 ? flags.learning_rate : 1.0;
  options.sgd.epochs = flags.epochs;
  options.sgd.batch_size = flags.batch;
  options.sgd.learning_rate = flags.learning_rate > 0 ? flags.learning_rate : 3.0;
  options.sgd.momentum = flags.momentum;
  options.sgd.seed = flags.seed;
  if (flags.learning_rate != -1 && !(flags.learning_rate > 0)) throw ValueError("--lr must be > 0");
  if (!(flags.momentum >= 0 && flags.momentum < 1)) throw ValueError("--momentum must be in [0, 1)");
  options.init = flags.init == "gaussian" ? nn::Init::Gaussian : nn::Init::Uniform;
  options.seed = flags.seed;
  options.track_training_accuracy = flags.train_accuracy;
  return options;
}

std::string describe(const TrainFlags& flags, const nn::TrainOptions& options) {
  std::ostringstream text;
  text << nn::kMnistPixels;
  for (auto h : options.hidden) text << '-' << h;
  text << '-' << nn::kMnistClasses << " sigmoid, " << flags.cost << ", lambda " << options.lambda << ", " << flags.optimizer;
  if (options.optimizer == nn::OptimizerKind::Sgd)
    text << " (" << options.sgd.epochs << " epochs, batch " << options.sgd.batch_size << ", lr " << options.sgd.learning_rate
         << (options.sgd.momentum > 0 ? ", momentum " + std::to_string(options.sgd.momentum) : "") << ")";
  else
    text << " (" << options.full_batch.max_iterations << " iterations"
         << (options.optimizer == nn::OptimizerKind::GradientDescent ? ", lr " + std::to_string(options.learning_rate) : "") << ")";
  text << ", " << flags.dtype << ", " << flags.train_count << " training images";
  return text.str();
}

}  // namespace exprjit::tools
