// exprjit-mnist eval: test accuracy and confusion matrix of a saved model.
#include <cstdio>

#include "exprjit/error.h"
#include "nn/cost.h"
#include "nn/metrics.h"
#include "nn/mnist.h"
#include "nn/model_file.h"
#include "tools/mnist/commands.h"

namespace exprjit::tools {
namespace {

template <class T>
int eval_typed(const nn::Model& model, const std::vector<T>& params, const EvalFlags& flags) {
  if (model.network.sizes().front() != nn::kMnistPixels || model.network.sizes().back() != nn::kMnistClasses)
    throw ValueError("model " + flags.model_path + " is not an MNIST classifier (784 inputs, 10 outputs)");
  const nn::Mnist<T> data = nn::load_mnist<T>(flags.data_dir, 1);
  nn::CostFunction<T> network(model.network, 0);
  const auto predicted = network.predict(params, data.test.images.data(), data.test.count);
  const auto confusion = nn::confusion_matrix(predicted, data.test.labels, int(nn::kMnistClasses));
  std::printf("test accuracy: %.2f%% of %lld images\n", 100 * nn::accuracy(predicted, data.test.labels),
              static_cast<long long>(data.test.count));
  std::printf("confusion matrix (rows: true digit, columns: predicted)\n      ");
  for (int c = 0; c < 10; ++c) std::printf("%6d", c);
  std::printf("\n");
  for (int t = 0; t < 10; ++t) {
    std::printf("%6d", t);
    for (int c = 0; c < 10; ++c) std::printf("%6ld", confusion[t][c]);
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int run_eval(const EvalFlags& flags) {
  const nn::Model model = nn::load_model(flags.model_path);
  apply_threads(flags.threads);
  return std::visit([&](const auto& params) { return eval_typed(model, params, flags); }, model.parameters);
}

}  // namespace exprjit::tools
