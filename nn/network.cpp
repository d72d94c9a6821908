#include "nn/network.h"

#include <cmath>
#include <random>
#include <string>

#include "exprjit/error.h"

namespace exprjit::nn {
namespace {

constexpr std::int64_t kMaxLayerSize = std::int64_t{1} << 20;

// std::uniform_real_distribution and std::normal_distribution are implementation-defined, so
// the draws are made here from the (fully specified) mt19937_64 bit stream.
double uniform01(std::mt19937_64& bits) { return static_cast<double>(bits() >> 11) * 0x1.0p-53; }

double standard_normal(std::mt19937_64& bits) {
  // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
  const double u = 1.0 - uniform01(bits), v = uniform01(bits);
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

}  // namespace

Network::Network(std::vector<std::int64_t> sizes) : sizes_(std::move(sizes)) {
  if (sizes_.size() < 2) throw ValueError("a network needs at least an input and an output layer");
  for (std::int64_t size : sizes_)
    if (size < 1 || size > kMaxLayerSize)
      throw ValueError("layer size " + std::to_string(size) + " is outside [1, " + std::to_string(kMaxLayerSize) + "]");
  for (std::size_t l = 0; l + 1 < sizes_.size(); ++l) {
    Layer layer{sizes_[l], sizes_[l + 1], parameter_count_, parameter_count_ + sizes_[l] * sizes_[l + 1]};
    parameter_count_ = layer.bias_offset + layer.outputs;
    layers_.push_back(layer);
  }
}

template <class T>
std::vector<T> Network::initial_parameters(Init init, std::uint64_t seed, double epsilon) const {
  std::mt19937_64 bits(seed);
  std::vector<T> params(static_cast<std::size_t>(parameter_count_));
  for (const Layer& layer : layers_) {
    for (std::int64_t i = 0; i < layer.outputs * (layer.inputs + 1); ++i) {
      const bool is_weight = i < layer.outputs * layer.inputs;
      double value = 0;
      if (init == Init::Uniform) value = (2 * uniform01(bits) - 1) * epsilon;
      else value = standard_normal(bits) / (is_weight ? std::sqrt(double(layer.inputs)) : 1.0);
      params[static_cast<std::size_t>(layer.weight_offset + i)] = static_cast<T>(value);
    }
  }
  return params;
}

template std::vector<float> Network::initial_parameters<float>(Init, std::uint64_t, double) const;
template std::vector<double> Network::initial_parameters<double>(Init, std::uint64_t, double) const;

}  // namespace exprjit::nn
