#include "nn/metrics.h"

#include "exprjit/error.h"

namespace exprjit::nn {
namespace {

void check_lengths(std::span<const std::uint8_t> predictions, std::span<const std::uint8_t> labels) {
  if (predictions.size() != labels.size()) throw ValueError("predictions and labels differ in length");
}

}  // namespace

double accuracy(std::span<const std::uint8_t> predictions, std::span<const std::uint8_t> labels) {
  check_lengths(predictions, labels);
  if (labels.empty()) return 0;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) correct += predictions[i] == labels[i];
  return double(correct) / double(labels.size());
}

std::vector<std::vector<long>> confusion_matrix(std::span<const std::uint8_t> predictions,
                                                std::span<const std::uint8_t> labels, int classes) {
  check_lengths(predictions, labels);
  std::vector<std::vector<long>> counts(static_cast<std::size_t>(classes), std::vector<long>(static_cast<std::size_t>(classes)));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= classes || predictions[i] >= classes) throw ValueError("label outside [0, classes)");
    ++counts[labels[i]][predictions[i]];
  }
  return counts;
}

}  // namespace exprjit::nn
