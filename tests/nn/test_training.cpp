// Short training runs on real MNIST (a 2,000-image subset; ctest fetches the data first with
// tools/fetch-mnist): each optimiser reaches a stated accuracy, and results do not depend on the
// thread count.
#include <gtest/gtest.h>

#include <cmath>

#include "exprjit/exprjit.h"
#include "nn/train.h"

#ifndef EXPRJIT_MNIST_DIR
#error "EXPRJIT_MNIST_DIR must name the MNIST directory"
#endif

namespace exprjit::nn {
namespace {

template <class T>
const Mnist<T>& subset() {
  static const Mnist<T> data = load_mnist<T>(EXPRJIT_MNIST_DIR, 2000);
  return data;
}

TrainOptions options(OptimizerKind kind, std::vector<std::int64_t> hidden, int steps) {
  TrainOptions o;
  o.hidden = std::move(hidden);
  o.optimizer = kind;
  o.full_batch.max_iterations = steps;
  o.sgd.epochs = steps;
  return o;
}

TEST(Training, LoadsTheStudySplit) {
  const Mnist<double> full = load_mnist<double>(EXPRJIT_MNIST_DIR);
  EXPECT_EQ(full.train.count, 50000);
  EXPECT_EQ(full.validation.count, 10000);
  EXPECT_EQ(full.test.count, 10000);
  EXPECT_EQ(full.train.labels[0], 5);  // the first MNIST training digit is a 5
  EXPECT_EQ(full.test.labels[0], 7);   // and the first test digit a 7
  for (double p : full.train.images) ASSERT_TRUE(p >= 0 && p <= 1);
}

TEST(Training, ConjugateGradientOnASubset) {
  const auto r = train<double>(subset<double>(), options(OptimizerKind::ConjugateGradient, {100}, 30));
  EXPECT_EQ(r.history.size(), 30u);
  EXPECT_GT(r.validation_accuracy, 0.86);
  EXPECT_GT(r.train_accuracy, r.validation_accuracy);
  EXPECT_NEAR(r.history.back().train_accuracy, r.train_accuracy, 1e-12);  // the free per-step figure is exact
  EXPECT_LT(r.history.back().cost, r.history.front().cost);
}

TEST(Training, LbfgsOnASubset) {
  const auto r = train<double>(subset<double>(), options(OptimizerKind::Lbfgs, {100}, 30));
  EXPECT_GT(r.validation_accuracy, 0.86);
}

TEST(Training, GradientDescentOnASubset) {
  auto o = options(OptimizerKind::GradientDescent, {30}, 40);
  o.learning_rate = 2.0;
  const auto r = train<double>(subset<double>(), o);
  EXPECT_GT(r.validation_accuracy, 0.60);
  EXPECT_LT(r.history.back().cost, r.history.front().cost);
}

TEST(Training, SgdOnASubset) {
  auto o = options(OptimizerKind::Sgd, {30}, 5);  // Nielsen's chapter 1 setting on 2,000 images
  o.lambda = 0;
  o.cost = CostKind::Quadratic;
  o.init = Init::Gaussian;
  const auto r = train<double>(subset<double>(), o);
  EXPECT_EQ(r.history.size(), 5u);
  EXPECT_GT(r.validation_accuracy, 0.85);
  auto momentum = o;
  momentum.cost = CostKind::CrossEntropy;
  momentum.sgd.learning_rate = 0.05;
  momentum.sgd.momentum = 0.9;
  EXPECT_GT(train<double>(subset<double>(), momentum).validation_accuracy, 0.85);
}

TEST(Training, Float32ModelTrains) {
  const auto r = train<float>(subset<float>(), options(OptimizerKind::ConjugateGradient, {100}, 30));
  EXPECT_GT(r.validation_accuracy, 0.86);
}

TEST(Training, ResultsDoNotDependOnTheThreadCount) {
  const int saved = get_num_threads();
  std::vector<TrainResult<double>> runs;
  for (int threads : {1, 2}) {
    set_thread_count(threads);
    runs.push_back(train<double>(subset<double>(), options(OptimizerKind::ConjugateGradient, {50}, 5)));
  }
  set_thread_count(saved);
  ASSERT_EQ(runs[0].history.size(), runs[1].history.size());
  for (std::size_t i = 0; i < runs[0].history.size(); ++i)
    EXPECT_NEAR(runs[0].history[i].cost, runs[1].history[i].cost, 1e-9 * std::abs(runs[0].history[i].cost));
  double worst = 0;
  for (std::size_t i = 0; i < runs[0].parameters.size(); ++i)
    worst = std::max(worst, std::abs(runs[0].parameters[i] - runs[1].parameters[i]));
  EXPECT_LT(worst, 1e-7);
}

}  // namespace
}  // namespace exprjit::nn
