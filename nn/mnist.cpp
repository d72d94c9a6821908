#include "nn/mnist.h"

#include <algorithm>

#include "exprjit/error.h"
#include "nn/idx.h"

namespace exprjit::nn {
namespace {

struct RawSet {
  IdxArray images, labels;
};

RawSet read_set(const std::string& dir, const std::string& prefix, std::int64_t expected_count) {
  RawSet raw{read_idx(dir + "/" + prefix + "-images-idx3-ubyte"), read_idx(dir + "/" + prefix + "-labels-idx1-ubyte")};
  const std::string where = dir + "/" + prefix;
  if (raw.images.dims != std::vector<std::int64_t>{expected_count, 28, 28})
    throw IOError(where + "-images-idx3-ubyte: expected " + std::to_string(expected_count) + " images of 28x28");
  if (raw.labels.dims != std::vector<std::int64_t>{expected_count})
    throw IOError(where + "-labels-idx1-ubyte: expected " + std::to_string(expected_count) + " labels");
  if (std::any_of(raw.labels.data.begin(), raw.labels.data.end(), [](std::uint8_t l) { return l >= kMnistClasses; }))
    throw IOError(where + "-labels-idx1-ubyte: a label is above 9");
  return raw;
}

template <class T>
Dataset<T> to_dataset(const RawSet& raw, std::int64_t first, std::int64_t count) {
  Dataset<T> data;
  data.count = count;
  data.features = kMnistPixels;
  data.classes = kMnistClasses;
  const auto* pixels = raw.images.data.data() + first * kMnistPixels;
  data.images.resize(static_cast<std::size_t>(count * kMnistPixels));
  std::transform(pixels, pixels + data.images.size(), data.images.begin(), [](std::uint8_t p) { return T(p) / T(255); });
  data.labels.assign(raw.labels.data.begin() + first, raw.labels.data.begin() + first + count);
  data.one_hot.assign(static_cast<std::size_t>(count * kMnistClasses), T(0));
  for (std::int64_t i = 0; i < count; ++i) data.one_hot[static_cast<std::size_t>(i * kMnistClasses + data.labels[i])] = T(1);
  return data;
}

}  // namespace

template <class T>
Mnist<T> load_mnist(const std::string& dir, std::int64_t train_count) {
  if (train_count < 1 || train_count > kMnistTrainImages)
    throw ValueError("training set size must be in [1, 60000], got " + std::to_string(train_count));
  const RawSet train = read_set(dir, "train", kMnistTrainImages);
  const RawSet test = read_set(dir, "t10k", 10000);
  const std::int64_t validation_first = std::max(train_count, kStudyTrainCount);
  Mnist<T> mnist;
  mnist.train = to_dataset<T>(train, 0, train_count);
  mnist.validation = to_dataset<T>(train, validation_first, kMnistTrainImages - validation_first);
  mnist.test = to_dataset<T>(test, 0, 10000);
  return mnist;
}

template <class T>
Dataset<T> slice(const Dataset<T>& data, std::int64_t first, std::int64_t count) {
  if (first < 0 || count < 0 || first + count > data.count)
    throw ValueError("slice [" + std::to_string(first) + ", " + std::to_string(first + count) + ") of " +
                     std::to_string(data.count) + " examples");
  Dataset<T> part;
  part.count = count;
  part.features = data.features;
  part.classes = data.classes;
  part.images.assign(data.images.begin() + first * data.features, data.images.begin() + (first + count) * data.features);
  part.labels.assign(data.labels.begin() + first, data.labels.begin() + first + count);
  part.one_hot.assign(data.one_hot.begin() + first * data.classes, data.one_hot.begin() + (first + count) * data.classes);
  return part;
}

template Mnist<float> load_mnist<float>(const std::string&, std::int64_t);
template Mnist<double> load_mnist<double>(const std::string&, std::int64_t);
template Dataset<float> slice<float>(const Dataset<float>&, std::int64_t, std::int64_t);
template Dataset<double> slice<double>(const Dataset<double>&, std::int64_t, std::int64_t);

}  // namespace exprjit::nn
