#include "nn/train.h"

#include <chrono>

#include "exprjit/error.h"
#include "exprjit/exprjit.h"
#include "nn/blas.h"
#include "nn/cost.h"
#include "nn/kernels.h"
#include "nn/metrics.h"

namespace exprjit::nn {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class T>
double accuracy_on(CostFunction<T>& model, std::span<const T> x, const Dataset<T>& data) {
  if (data.count == 0) return -1;
  return accuracy(model.predict(x, data.images.data(), data.count), data.labels);
}

// Runs the chosen optimiser; `record` is called after every step.
template <class T>
OptimizeResult run_optimizer(const TrainOptions& options, CostFunction<T>& cost, const Dataset<T>& train,
                             std::span<T> x, const std::function<bool(int, double, long, std::span<const T>)>& record) {
  const Examples<T> all{train.images.data(), train.one_hot.data(), train.count, train.labels.data()};
  const Objective<T> f = [&](std::span<const T> point, std::span<T> gradient) { return cost.evaluate(point, all, gradient); };
  const Observer<T> observe = [&](const IterationReport& r, std::span<const T> point) {
    return record(r.iteration, r.cost, r.evaluations, point);
  };
  switch (options.optimizer) {
    case OptimizerKind::ConjugateGradient: return conjugate_gradient<T>(f, x, options.full_batch, observe);
    case OptimizerKind::GradientDescent: return gradient_descent<T>(f, x, options.full_batch, options.learning_rate, observe);
    case OptimizerKind::Lbfgs: return lbfgs<T>(f, x, options.full_batch, options.lbfgs_memory, observe);
    case OptimizerKind::Sgd:
      return sgd<T>(cost, train, x, options.sgd, [&](const EpochReport& r, std::span<const T> point) {
        return record(r.epoch, r.mean_cost, r.evaluations, point);
      });
  }
  throw ValueError("unknown optimizer");
}

}  // namespace

OptimizerKind parse_optimizer(const std::string& name) {
  if (name == "cg") return OptimizerKind::ConjugateGradient;
  if (name == "gd") return OptimizerKind::GradientDescent;
  if (name == "lbfgs") return OptimizerKind::Lbfgs;
  if (name == "sgd") return OptimizerKind::Sgd;
  throw ValueError("unknown optimizer '" + name + "' (expected cg, gd, lbfgs or sgd)");
}

const char* optimizer_name(OptimizerKind kind) {
  switch (kind) {
    case OptimizerKind::ConjugateGradient: return "cg";
    case OptimizerKind::GradientDescent: return "gd";
    case OptimizerKind::Lbfgs: return "lbfgs";
    case OptimizerKind::Sgd: return "sgd";
  }
  return "?";
}

void set_thread_count(int threads) {
  set_num_threads(threads);  // validates threads >= 1
  blas::set_threads(threads);
}

template <class T>
TrainResult<T> train(const Mnist<T>& data, const TrainOptions& options, const ProgressCallback& progress) {
  std::vector<std::int64_t> sizes{data.train.features};
  sizes.insert(sizes.end(), options.hidden.begin(), options.hidden.end());
  sizes.push_back(data.train.classes);
  TrainResult<T> result;
  result.network = Network(sizes);
  result.parameters = result.network.template initial_parameters<T>(options.init, options.seed, options.init_epsilon);
  CostFunction<T> cost(result.network, options.lambda, &result.profile, options.cost);
  CostFunction<T> monitor(result.network, options.lambda);  // own buffers, not profiled
  const int planned = options.optimizer == OptimizerKind::Sgd ? options.sgd.epochs : options.full_batch.max_iterations;

  kernels<T>();  // JIT-compile the kernels (once per process) outside the timed training
  const auto start = std::chrono::steady_clock::now();
  auto record = [&](int step, double cost_value, long evaluations, std::span<const T> x) {
    const auto monitor_start = std::chrono::steady_clock::now();
    HistoryRow row{step, cost_value, -1, -1, seconds_since(start) - result.monitor_seconds, evaluations};
    if (options.track_training_accuracy)  // free for full-batch optimisers (CostFunction::last_accuracy)
      row.train_accuracy = options.optimizer == OptimizerKind::Sgd ? accuracy_on(monitor, x, data.train) : cost.last_accuracy();
    row.validation_accuracy = accuracy_on(monitor, x, data.validation);
    result.history.push_back(row);
    result.monitor_seconds += seconds_since(monitor_start);
    if (progress) progress(row, planned);
    return true;
  };
  result.optimizer = run_optimizer<T>(options, cost, data.train, result.parameters, record);
  result.train_seconds = seconds_since(start) - result.monitor_seconds;

  const std::span<const T> x = result.parameters;
  result.train_accuracy = accuracy_on(monitor, x, data.train);
  result.validation_accuracy = accuracy_on(monitor, x, data.validation);
  result.test_accuracy = accuracy_on(monitor, x, data.test);
  return result;
}

template TrainResult<float> train<float>(const Mnist<float>&, const TrainOptions&, const ProgressCallback&);
template TrainResult<double> train<double>(const Mnist<double>&, const TrainOptions&, const ProgressCallback&);

}  // namespace exprjit::nn
