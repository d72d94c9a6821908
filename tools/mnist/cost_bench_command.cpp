// exprjit-mnist bench: seconds per full-batch cost-and-gradient evaluation (the unit the
// reference implementation and the study are compared in), with the BLAS/kernel split.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

#include "nn/cost.h"
#include "nn/mnist.h"
#include "tools/mnist/commands.h"

namespace exprjit::tools {
namespace {

template <class T>
int cost_bench_typed(const TrainFlags& flags, const CostBenchFlags& bench) {
  const nn::TrainOptions options = to_train_options(flags);
  const int threads = apply_threads(bench.threads);
  const nn::Mnist<T> data = nn::load_mnist<T>(flags.data_dir, flags.train_count);
  std::vector<std::int64_t> sizes{nn::kMnistPixels};
  sizes.insert(sizes.end(), options.hidden.begin(), options.hidden.end());
  sizes.push_back(nn::kMnistClasses);
  const nn::Network network(sizes);
  auto params = network.initial_parameters<T>(options.init, options.seed);
  std::vector<T> gradient(params.size());
  nn::Profile profile;
  nn::CostFunction<T> cost(network, options.lambda, &profile);
  const nn::Examples<T> all{data.train.images.data(), data.train.one_hot.data(), data.train.count};
  cost.evaluate(params, all, gradient);  // warm-up: kernels compiled, buffers allocated
  profile = {};
  std::vector<double> seconds;
  for (int i = 0; i < bench.repeat; ++i) {
    const auto start = std::chrono::steady_clock::now();
    cost.evaluate(params, all, gradient);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const double measured = std::accumulate(seconds.begin(), seconds.end(), 0.0);
  std::sort(seconds.begin(), seconds.end());
  double flops = 0;  // forward, weight-gradient and back-propagation GEMMs (none into the input layer)
  for (int l = 0; l < network.layer_count(); ++l)
    flops += 2.0 * double(data.train.count) * double(network.layer(l).inputs * network.layer(l).outputs) * (l == 0 ? 2 : 3);
  std::printf("cost+gradient, %s, %lld examples, %d threads, %s\n", flags.dtype.c_str(),
              static_cast<long long>(data.train.count), threads, blas_description().c_str());
  std::printf("median %.4f s  min %.4f s  (%d runs)  BLAS %.1f%%  kernels %.1f%%  GEMM rate %.1f GFLOP/s\n",
              seconds[seconds.size() / 2], seconds.front(), bench.repeat, 100 * profile.blas_seconds / measured,
              100 * profile.kernel_seconds / measured, flops / 1e9 / (profile.blas_seconds / bench.repeat));
  return 0;
}

}  // namespace

int run_cost_bench(const TrainFlags& flags, const CostBenchFlags& bench) {
  return flags.dtype == "float32" ? cost_bench_typed<float>(flags, bench) : cost_bench_typed<double>(flags, bench);
}

}  // namespace exprjit::tools
