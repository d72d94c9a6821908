// The MNIST data set as the study splits it: the first `train_count` of the 60,000 training
// images for training, images 50,000-59,999 held out for validation, and the 10,000 test images.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace exprjit::nn {

inline constexpr std::int64_t kMnistPixels = 28 * 28;
inline constexpr std::int64_t kMnistClasses = 10;
inline constexpr std::int64_t kMnistTrainImages = 60000;
inline constexpr std::int64_t kStudyTrainCount = 50000;

// Examples as rows: `images` is count x features (pixels scaled to [0, 1]), `one_hot` is
// count x classes with a 1 in each row's label column.
template <class T>
struct Dataset {
  std::int64_t count = 0;
  std::int64_t features = 0;
  std::int64_t classes = 0;
  std::vector<T> images;
  std::vector<std::uint8_t> labels;
  std::vector<T> one_hot;
};

template <class T>
struct Mnist {
  Dataset<T> train, validation, test;
};

// Reads DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte. Throws exprjit::IOError for missing or
// malformed files and files that do not hold MNIST (wrong sizes, labels above 9), and
// exprjit::ValueError for a train_count outside [1, 60000]. When train_count > 50,000 the
// validation set is what remains of the 60,000 (empty at 60,000).
template <class T>
Mnist<T> load_mnist(const std::string& dir, std::int64_t train_count = kStudyTrainCount);

// Rows [first, first + count) of a data set.
template <class T>
Dataset<T> slice(const Dataset<T>& data, std::int64_t first, std::int64_t count);

}  // namespace exprjit::nn
