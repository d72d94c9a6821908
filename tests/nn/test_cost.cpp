// The back-propagated gradient against central finite differences, on small networks of each
// dtype, with and without L2 regularisation, and the cost against a direct formula.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "exprjit/error.h"
#include "nn/cost.h"
#include "nn/network.h"

namespace exprjit::nn {
namespace {

template <class T>
struct Problem {
  std::vector<T> images, one_hot;
  std::vector<std::uint8_t> labels;
  std::int64_t count;
};

template <class T>
Problem<T> random_problem(std::int64_t count, std::int64_t inputs, std::int64_t classes, unsigned seed) {
  std::mt19937 bits(seed);
  std::uniform_real_distribution<double> pixel(0, 1);
  Problem<T> p{{}, std::vector<T>(std::size_t(count * classes)), {}, count};
  for (std::int64_t i = 0; i < count * inputs; ++i) p.images.push_back(T(pixel(bits)));
  for (std::int64_t i = 0; i < count; ++i) {
    const auto label = static_cast<std::uint8_t>(bits() % classes);
    p.labels.push_back(label);
    p.one_hot[std::size_t(i * classes + label)] = T(1);
  }
  return p;
}

// Largest relative difference between the analytic gradient and central differences.
template <class T>
double gradient_error(const std::vector<std::int64_t>& sizes, double lambda, double step,
                      CostKind kind = CostKind::CrossEntropy) {
  Network network(sizes);
  auto params = network.initial_parameters<T>(Init::Gaussian, 7);
  const auto p = random_problem<T>(23, sizes.front(), sizes.back(), 11);
  CostFunction<T> cost(network, lambda, nullptr, kind);
  const Examples<T> examples{p.images.data(), p.one_hot.data(), p.count};
  std::vector<T> gradient(params.size()), scratch(params.size());
  cost.evaluate(params, examples, gradient);
  double worst = 0;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const T saved = params[i];
    params[i] = T(saved + step);
    const double up = cost.evaluate(params, examples, scratch);
    params[i] = T(saved - step);
    const double down = cost.evaluate(params, examples, scratch);
    params[i] = saved;
    const double numeric = (up - down) / (2 * step);
    worst = std::max(worst, std::abs(numeric - gradient[i]) / std::max(1e-3, std::abs(numeric) + std::abs(double(gradient[i]))));
  }
  return worst;
}

TEST(CostFunction, GradientMatchesFiniteDifferencesFloat64) {
  EXPECT_LT(gradient_error<double>({5, 4, 3}, 0.0, 1e-6), 1e-6);
  EXPECT_LT(gradient_error<double>({5, 4, 3}, 5.0, 1e-6), 1e-6);
  EXPECT_LT(gradient_error<double>({6, 5, 4, 3}, 1.5, 1e-6), 1e-6);
}

TEST(CostFunction, QuadraticCostGradientMatchesFiniteDifferences) {
  EXPECT_LT(gradient_error<double>({5, 4, 3}, 0.0, 1e-6, CostKind::Quadratic), 1e-6);
  EXPECT_LT(gradient_error<double>({6, 5, 4, 3}, 2.0, 1e-6, CostKind::Quadratic), 1e-6);
}

TEST(CostFunction, GradientMatchesFiniteDifferencesFloat32) {
  EXPECT_LT(gradient_error<float>({5, 4, 3}, 5.0, 1e-2), 2e-2);
}

TEST(CostFunction, CostMatchesDirectFormula) {
  Network network({4, 3, 2});
  const auto params = network.initial_parameters<double>(Init::Uniform, 3, 0.5);
  const auto p = random_problem<double>(9, 4, 2, 5);
  const double lambda = 2.0;
  CostFunction<double> cost(network, lambda);
  std::vector<double> gradient(params.size());
  const double value = cost.evaluate(params, {p.images.data(), p.one_hot.data(), p.count}, gradient);

  auto sigmoid = [](double t) { return 1 / (1 + std::exp(-t)); };
  double expected = 0, squares = 0;
  for (std::int64_t e = 0; e < p.count; ++e) {
    std::vector<double> input(p.images.begin() + e * 4, p.images.begin() + (e + 1) * 4);
    for (int l = 0; l < network.layer_count(); ++l) {
      const auto& layer = network.layer(l);
      std::vector<double> out(std::size_t(layer.outputs));
      for (std::int64_t o = 0; o < layer.outputs; ++o) {
        double t = params[std::size_t(layer.bias_offset + o)];
        for (std::int64_t i = 0; i < layer.inputs; ++i) t += params[std::size_t(layer.weight_offset + o * layer.inputs + i)] * input[std::size_t(i)];
        out[std::size_t(o)] = sigmoid(t);
      }
      input = out;
    }
    for (std::int64_t c = 0; c < 2; ++c) {
      const double y = p.one_hot[std::size_t(e * 2 + c)], h = input[std::size_t(c)];
      expected -= y * std::log(h) + (1 - y) * std::log(1 - h);
    }
  }
  for (int l = 0; l < network.layer_count(); ++l)
    for (double w : network.weights(std::span<const double>(params), l)) squares += w * w;
  expected = expected / double(p.count) + lambda / (2.0 * double(p.count)) * squares;
  EXPECT_NEAR(value, expected, 1e-12 * std::abs(expected));
}

TEST(CostFunction, SaturatedOutputsGiveAFiniteCost) {
  Network network({2, 2});
  std::vector<double> params{800, 0, 0, -800, 0, 0};  // outputs sigmoid(+-800 x)
  const std::vector<double> images{1, 1}, one_hot{0, 1};  // both outputs maximally wrong
  CostFunction<double> cost(network, 0);
  std::vector<double> gradient(params.size());
  const double value = cost.evaluate(params, {images.data(), one_hot.data(), 1}, gradient);
  EXPECT_DOUBLE_EQ(value, 1600.0);  // softplus(800) - 0 + softplus(-800) + 800
  for (double g : gradient) EXPECT_TRUE(std::isfinite(g));
}

TEST(CostFunction, PredictPicksTheLargestOutput) {
  Network network({2, 3});
  // Output c = sigmoid(w_c . x + b_c): make class 2 win for x = (1, 0) and class 0 for (0, 1).
  std::vector<double> params{0, 1, 0, 0, 1, 0, 0, 0, 0};
  const std::vector<double> images{1, 0, 0, 1};
  CostFunction<double> cost(network, 0);
  EXPECT_EQ(cost.predict(params, images.data(), 2), (std::vector<std::uint8_t>{2, 0}));
}

TEST(CostFunction, RejectsMismatchedParameterVectors) {
  Network network({2, 3});
  CostFunction<double> cost(network, 0);
  std::vector<double> params(5), gradient(5), images{1, 0}, one_hot{0, 1, 0};
  EXPECT_THROW(cost.evaluate(params, {images.data(), one_hot.data(), 1}, gradient), ValueError);
  EXPECT_THROW(CostFunction<double>(network, -1), ValueError);
}

}  // namespace
}  // namespace exprjit::nn
