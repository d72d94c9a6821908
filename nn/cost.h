// Cost and gradient of a sigmoid network by back-propagation: cross-entropy (or the quadratic
// cost of Nielsen's "Neural Networks and Deep Learning", chapter 1) plus
// (lambda / 2n) * sum of squared weights (biases are not regularised).
//
// Every matrix product is one BLAS GEMM on row-major data with transpose flags (no transposed
// copies); every element-wise step is one fused exprjit kernel (nn/kernels.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "nn/network.h"
#include "nn/profile.h"

namespace exprjit::nn {

// `count` examples as rows: images count x inputs, one_hot count x outputs. With `labels`, an
// evaluation also counts correct predictions (see last_accuracy()).
template <class T>
struct Examples {
  const T* images = nullptr;
  const T* one_hot = nullptr;
  std::int64_t count = 0;
  const std::uint8_t* labels = nullptr;
};

enum class CostKind {
  CrossEntropy,  // -(1/m) sum y log h + (1-y) log(1-h)
  Quadratic,     // (1/2m) sum (h - y)^2
};

template <class T>
class CostFunction {
 public:
  // `profile` (optional) accumulates the time of BLAS calls and of kernels.
  CostFunction(Network network, double lambda, Profile* profile = nullptr, CostKind kind = CostKind::CrossEntropy);

  // Returns the cost at `params` and writes its gradient. The L2 term divides by
  // `regularisation_count` (default: examples.count); mini-batch SGD passes the training-set size.
  T evaluate(std::span<const T> params, const Examples<T>& examples, std::span<T> gradient,
             std::int64_t regularisation_count = 0);

  // The most likely class (argmax of the output layer) of each of `count` images.
  std::vector<std::uint8_t> predict(std::span<const T> params, const T* images, std::int64_t count);

  // Accuracy of the parameters of the last evaluate() on its examples (-1 without labels). The
  // optimisers' line searches end on the point they accept, so after an iteration this is the
  // training accuracy of the new parameters, measured for free from the forward pass.
  double last_accuracy() const { return last_accuracy_; }

  const Network& network() const { return network_; }
  double lambda() const { return lambda_; }
  Profile* profile() const { return profile_; }

 private:
  void forward(std::span<const T> params, const T* images, std::int64_t count);
  T output_cost_and_error(std::span<const T> params, const T* one_hot, std::int64_t count);
  T l2_cost(std::span<const T> params, std::int64_t regularisation_count);
  void backward(std::span<const T> params, const T* images, std::int64_t count, std::int64_t regularisation_count,
                std::span<T> gradient);
  const T* layer_input(const T* images, int l) const;
  double count_correct(std::span<const T> params, const Examples<T>& examples);

  Network network_;
  double lambda_;
  CostKind kind_;
  Profile* profile_;
  // activations_[l] holds layer l's output (count x outputs); the last layer holds the raw
  // product z = a W^T before the bias, later overwritten in place by the output error.
  std::vector<std::vector<T>> activations_;
  std::vector<std::vector<T>> deltas_;  // back-propagated errors of the hidden layers
  std::vector<T> ones_;
  double last_accuracy_ = -1;
};

}  // namespace exprjit::nn
