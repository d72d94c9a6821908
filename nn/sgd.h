// Mini-batch stochastic gradient descent with momentum over a data set.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "nn/cost.h"
#include "nn/mnist.h"
#include "nn/optimizer.h"

namespace exprjit::nn {

struct SgdOptions {
  int epochs = 30;
  std::int64_t batch_size = 10;
  double learning_rate = 3.0;
  double momentum = 0.0;  // v <- momentum v - learning_rate g;  x <- x + v
  bool shuffle = true;    // a new permutation of the examples every epoch
  std::uint64_t seed = 1;
};

struct EpochReport {
  int epoch = 0;           // 1-based
  double mean_cost = 0;    // mean over the epoch's batches of the batch cost
  long evaluations = 0;    // batches so far
};

template <class T>
using EpochObserver = std::function<bool(const EpochReport&, std::span<const T> x)>;

// The L2 term uses the training-set size, so lambda means the same as in full-batch training.
template <class T>
OptimizeResult sgd(CostFunction<T>& cost, const Dataset<T>& train, std::span<T> x, const SgdOptions& options,
                   const EpochObserver<T>& observe = {});

}  // namespace exprjit::nn
