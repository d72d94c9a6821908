#include "nn/sgd.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "exprjit/error.h"
#include "nn/kernels.h"

namespace exprjit::nn {
namespace {

// Fisher-Yates on the fully specified mt19937_64 stream (std::shuffle's draws differ between
// standard libraries), so a seed gives the same order everywhere.
void shuffle(std::vector<std::int64_t>& order, std::mt19937_64& bits) {
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[bits() % i]);
}

void validate(const SgdOptions& options) {
  if (options.epochs < 1) throw ValueError("epochs must be at least 1");
  if (options.batch_size < 1) throw ValueError("batch size must be at least 1");
  if (!(options.learning_rate > 0)) throw ValueError("learning rate must be > 0");
  if (!(options.momentum >= 0 && options.momentum < 1)) throw ValueError("momentum must be in [0, 1)");
}

// Copies the rows `rows` of the data set into contiguous batch buffers for the GEMMs.
template <class T>
void gather(const Dataset<T>& data, std::span<const std::int64_t> rows, std::vector<T>& images, std::vector<T>& one_hot) {
  images.resize(rows.size() * static_cast<std::size_t>(data.features));
  one_hot.resize(rows.size() * static_cast<std::size_t>(data.classes));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::memcpy(images.data() + i * data.features, data.images.data() + rows[i] * data.features, sizeof(T) * data.features);
    std::memcpy(one_hot.data() + i * data.classes, data.one_hot.data() + rows[i] * data.classes, sizeof(T) * data.classes);
  }
}

}  // namespace

template <class T>
OptimizeResult sgd(CostFunction<T>& cost, const Dataset<T>& train, std::span<T> x, const SgdOptions& options,
                   const EpochObserver<T>& observe) {
  validate(options);
  const auto n = static_cast<std::int64_t>(x.size());
  const Kernels<T>& k = kernels<T>();
  std::vector<T> gradient(x.size()), velocity(x.size(), T(0)), images, one_hot;
  const ArrayView velocity_view(velocity.data(), dtype_of<T>, Shape{n});
  const ArrayView gradient_view(gradient.data(), dtype_of<T>, Shape{n});
  const ArrayView x_view(x.data(), dtype_of<T>, Shape{n});
  std::vector<std::int64_t> order(static_cast<std::size_t>(train.count));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 bits(options.seed);

  OptimizeResult result;
  result.stop_reason = "maximum epochs";
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    if (options.shuffle) shuffle(order, bits);
    double cost_sum = 0;
    long batches = 0;
    for (std::int64_t first = 0; first < train.count; first += options.batch_size) {
      const std::int64_t count = std::min(options.batch_size, train.count - first);
      gather(train, std::span(order).subspan(static_cast<std::size_t>(first), static_cast<std::size_t>(count)), images, one_hot);
      cost_sum += cost.evaluate(x, {images.data(), one_hot.data(), count}, gradient, train.count);
      ++batches;
      // exprjit kernels rather than BLAS axpy: OpenBLAS hands even these small vectors to its
      // thread pool, whose wake-ups cost more than the update on a busy machine.
      ScopedTimer timer(kernel_time(cost.profile()));
      if (options.momentum == 0) {
        k.add_scaled({x_view, T(-options.learning_rate), gradient_view}, x_view);
      } else {
        k.momentum_velocity({velocity_view, T(options.momentum), T(options.learning_rate), gradient_view}, velocity_view);
        k.add_scaled({x_view, T(1), velocity_view}, x_view);
      }
    }
    result.iterations = epoch;
    result.evaluations += batches;
    result.cost = cost_sum / double(batches);
    if (!std::isfinite(result.cost)) {
      result.stop_reason = "cost is not finite (learning rate too large?)";
      break;
    }
    if (observe && !observe({epoch, result.cost, result.evaluations}, x)) {
      result.stop_reason = "stopped by observer";
      break;
    }
  }
  return result;
}

template OptimizeResult sgd<float>(CostFunction<float>&, const Dataset<float>&, std::span<float>, const SgdOptions&,
                                   const EpochObserver<float>&);
template OptimizeResult sgd<double>(CostFunction<double>&, const Dataset<double>&, std::span<double>,
                                    const SgdOptions&, const EpochObserver<double>&);

}  // namespace exprjit::nn
