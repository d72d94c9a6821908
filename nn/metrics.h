// Classification metrics over predicted and true labels.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace exprjit::nn {

// Fraction of predictions equal to the labels (0 for no labels).
double accuracy(std::span<const std::uint8_t> predictions, std::span<const std::uint8_t> labels);

// counts[true_label][predicted] for labels in [0, classes); throws ValueError otherwise.
std::vector<std::vector<long>> confusion_matrix(std::span<const std::uint8_t> predictions,
                                                std::span<const std::uint8_t> labels, int classes);

}  // namespace exprjit::nn
