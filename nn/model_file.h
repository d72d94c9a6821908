// Saving and loading trained models. The format (docs/nn.md), all integers little-endian:
//   8 bytes  magic "EXPRJNN1"
//   u32      format version (1)
//   u32      dtype: 1 = float32, 2 = float64
//   u32      number of layer sizes S (2..64)
//   u32      0 (reserved)
//   S x u64  layer sizes, input first
//   u64      parameter count P (must match the sizes)
//   P values the parameter vector (nn/network.h layout)
//   u64      FNV-1a 64-bit hash of every byte before it
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "nn/network.h"

namespace exprjit::nn {

struct Model {
  Network network;
  std::variant<std::vector<float>, std::vector<double>> parameters;
};

// Writes to a temporary file next to `path` and renames it, so a failed save leaves any existing
// file intact. Throws exprjit::IOError if the file cannot be written.
template <class T>
void save_model(const std::string& path, const Network& network, std::span<const T> parameters);

// Throws exprjit::IOError for a missing, truncated, corrupt (checksum) or inconsistent file.
Model load_model(const std::string& path);
Model parse_model(std::span<const std::byte> bytes, const std::string& source);

}  // namespace exprjit::nn
