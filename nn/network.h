// The layout of a fully connected sigmoid network: layer sizes and where each layer's weights and
// biases live in ONE contiguous parameter vector, so that optimisers see a single vector.
//
// Layer l maps sizes[l] inputs to sizes[l+1] outputs: weights W_l (outputs x inputs, row-major)
// followed by biases b_l (outputs).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace exprjit::nn {

enum class Init {
  Uniform,   // U(-epsilon, epsilon) for weights and biases, as the study (epsilon = 0.12)
  Gaussian,  // weights N(0, 1/inputs), biases N(0, 1)
};

class Network {
 public:
  struct Layer {
    std::int64_t inputs = 0, outputs = 0;
    std::int64_t weight_offset = 0, bias_offset = 0;
  };

  // At least two sizes (input and output), each in [1, 2^20]; throws exprjit::ValueError.
  explicit Network(std::vector<std::int64_t> sizes);

  const std::vector<std::int64_t>& sizes() const { return sizes_; }
  int layer_count() const { return static_cast<int>(layers_.size()); }
  const Layer& layer(int l) const { return layers_.at(static_cast<std::size_t>(l)); }
  std::int64_t parameter_count() const { return parameter_count_; }

  template <class T> std::span<T> weights(std::span<T> params, int l) const {
    return params.subspan(static_cast<std::size_t>(layer(l).weight_offset), static_cast<std::size_t>(layer(l).outputs * layer(l).inputs));
  }
  template <class T> std::span<T> biases(std::span<T> params, int l) const {
    return params.subspan(static_cast<std::size_t>(layer(l).bias_offset), static_cast<std::size_t>(layer(l).outputs));
  }

  // Reproducible initial parameters: the same seed gives the same vector on every machine.
  template <class T>
  std::vector<T> initial_parameters(Init init, std::uint64_t seed, double epsilon = 0.12) const;

 private:
  std::vector<std::int64_t> sizes_;
  std::vector<Layer> layers_;
  std::int64_t parameter_count_ = 0;
};

}  // namespace exprjit::nn
