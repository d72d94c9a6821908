#include "nn/cost.h"

#include <algorithm>

#include "exprjit/error.h"
#include "nn/blas.h"
#include "nn/kernels.h"

namespace exprjit::nn {
namespace {

using blas::Op;

constexpr std::int64_t kPredictBlock = 8192;  // rows per forward pass when predicting

template <class T>
ArrayView matrix(const T* data, std::int64_t rows, std::int64_t cols) {
  return ArrayView(const_cast<T*>(data), dtype_of<T>, Shape{rows, cols});
}

template <class T>
ArrayView vector_view(const T* data, std::int64_t size) {
  return ArrayView(const_cast<T*>(data), dtype_of<T>, Shape{size});
}

template <class T>
T scalar_of(const Array& reduced) {
  return reduced.data_as<T>()[0];
}

// Class of each row of z + b (the sigmoid is monotonic, so this is the argmax of the outputs).
template <class T>
void classify_rows(const T* z, std::span<const T> bias, std::int64_t rows, std::uint8_t* classes) {
  const auto outputs = static_cast<std::int64_t>(bias.size());
  for (std::int64_t r = 0; r < rows; ++r) {
    std::int64_t best = 0;
    for (std::int64_t c = 1; c < outputs; ++c)
      if (z[r * outputs + c] + bias[c] > z[r * outputs + best] + bias[best]) best = c;
    classes[r] = static_cast<std::uint8_t>(best);
  }
}

}  // namespace

template <class T>
CostFunction<T>::CostFunction(Network network, double lambda, Profile* profile, CostKind kind)
    : network_(std::move(network)), lambda_(lambda), kind_(kind), profile_(profile) {
  if (!(lambda >= 0)) throw ValueError("lambda must be >= 0");
  activations_.resize(static_cast<std::size_t>(network_.layer_count()));
  deltas_.resize(static_cast<std::size_t>(network_.layer_count()));
}

template <class T>
const T* CostFunction<T>::layer_input(const T* images, int l) const {
  return l == 0 ? images : activations_[static_cast<std::size_t>(l - 1)].data();
}

template <class T>
void CostFunction<T>::forward(std::span<const T> params, const T* images, std::int64_t count) {
  const Kernels<T>& k = kernels<T>();
  for (int l = 0; l < network_.layer_count(); ++l) {
    const Network::Layer& layer = network_.layer(l);
    std::vector<T>& out = activations_[static_cast<std::size_t>(l)];
    out.resize(static_cast<std::size_t>(count * layer.outputs));
    {
      ScopedTimer timer(blas_time(profile_));
      blas::gemm<T>(Op::None, Op::Transpose, count, layer.outputs, layer.inputs, T(1), layer_input(images, l),
                    layer.inputs, network_.weights(params, l).data(), layer.inputs, T(0), out.data(), layer.outputs);
    }
    if (l + 1 == network_.layer_count()) break;  // the output layer's bias is applied by its cost kernels
    ScopedTimer timer(kernel_time(profile_));
    const ArrayView z = matrix(out.data(), count, layer.outputs);
    k.sigmoid_of_sum({z, vector_view(network_.biases(params, l).data(), layer.outputs)}, z);
  }
}

template <class T>
T CostFunction<T>::output_cost_and_error(std::span<const T> params, const T* one_hot, std::int64_t count) {
  const Kernels<T>& k = kernels<T>();
  const int last = network_.layer_count() - 1;
  const std::int64_t outputs = network_.layer(last).outputs;
  ScopedTimer timer(kernel_time(profile_));
  const ArrayView z = matrix(activations_.back().data(), count, outputs);
  const ArrayView b = vector_view(network_.biases(params, last).data(), outputs);
  const ArrayView y = matrix(one_hot, count, outputs);
  if (kind_ == CostKind::Quadratic) {
    const T squares = scalar_of<T>(k.quadratic_sum({z, b, y}));
    k.quadratic_error({z, b, y}, z);  // z becomes the output layer's delta
    return squares / T(2 * count);
  }
  const T cross_entropy = scalar_of<T>(k.cross_entropy_sum({z, b, y}));
  k.output_error({z, b, y}, z);
  return cross_entropy / T(count);
}

template <class T>
T CostFunction<T>::l2_cost(std::span<const T> params, std::int64_t regularisation_count) {
  if (lambda_ == 0) return T(0);
  const Kernels<T>& k = kernels<T>();
  ScopedTimer timer(kernel_time(profile_));
  T squares = 0;
  for (int l = 0; l < network_.layer_count(); ++l) {
    const auto w = network_.weights(params, l);
    squares += scalar_of<T>(k.sum_of_squares({vector_view(w.data(), std::int64_t(w.size()))}));
  }
  return T(lambda_ / (2.0 * double(regularisation_count))) * squares;
}

template <class T>
void CostFunction<T>::backward(std::span<const T> params, const T* images, std::int64_t count,
                               std::int64_t regularisation_count, std::span<T> gradient) {
  const Kernels<T>& k = kernels<T>();
  const T inv_count = T(1) / T(count);
  const T decay = T(lambda_ / double(regularisation_count));
  if (std::int64_t(ones_.size()) < count) ones_.assign(static_cast<std::size_t>(count), T(1));
  const T* delta = activations_.back().data();
  for (int l = network_.layer_count() - 1; l >= 0; --l) {
    const Network::Layer& layer = network_.layer(l);
    const auto grad_w = network_.weights(gradient, l);
    const T* input = layer_input(images, l);
    {
      ScopedTimer timer(blas_time(profile_));
      blas::gemm<T>(Op::Transpose, Op::None, layer.outputs, layer.inputs, count, inv_count, delta, layer.outputs, input,
                    layer.inputs, T(0), grad_w.data(), layer.inputs);
      blas::gemv_transposed<T>(count, layer.outputs, inv_count, delta, layer.outputs, ones_.data(), T(0),
                               network_.biases(gradient, l).data());
    }
    if (lambda_ != 0) {
      ScopedTimer timer(kernel_time(profile_));
      const ArrayView g = vector_view(grad_w.data(), std::int64_t(grad_w.size()));
      k.add_scaled({g, decay, vector_view(network_.weights(params, l).data(), std::int64_t(grad_w.size()))}, g);
    }
    if (l == 0) break;
    std::vector<T>& next = deltas_[static_cast<std::size_t>(l - 1)];
    next.resize(static_cast<std::size_t>(count * layer.inputs));
    {
      ScopedTimer timer(blas_time(profile_));
      blas::gemm<T>(Op::None, Op::None, count, layer.inputs, layer.outputs, T(1), delta, layer.outputs,
                    network_.weights(params, l).data(), layer.inputs, T(0), next.data(), layer.inputs);
    }
    ScopedTimer timer(kernel_time(profile_));
    const ArrayView d = matrix(next.data(), count, layer.inputs);
    k.sigmoid_gradient_product({d, matrix(input, count, layer.inputs)}, d);
    delta = next.data();
  }
}

template <class T>
T CostFunction<T>::evaluate(std::span<const T> params, const Examples<T>& examples, std::span<T> gradient,
                            std::int64_t regularisation_count) {
  if (std::int64_t(params.size()) != network_.parameter_count() || gradient.size() != params.size())
    throw ValueError("parameter and gradient vectors must hold " + std::to_string(network_.parameter_count()) + " values");
  if (examples.count < 1) throw ValueError("cost of an empty set of examples");
  if (regularisation_count == 0) regularisation_count = examples.count;
  forward(params, examples.images, examples.count);
  last_accuracy_ = examples.labels ? count_correct(params, examples) / double(examples.count) : -1;
  const T cost = output_cost_and_error(params, examples.one_hot, examples.count) + l2_cost(params, regularisation_count);
  backward(params, examples.images, examples.count, regularisation_count, gradient);
  if (profile_) ++profile_->evaluations;
  return cost;
}

template <class T>
double CostFunction<T>::count_correct(std::span<const T> params, const Examples<T>& examples) {
  const int last = network_.layer_count() - 1;
  std::vector<std::uint8_t> classes(static_cast<std::size_t>(examples.count));
  classify_rows(activations_.back().data(), network_.biases(params, last), examples.count, classes.data());
  std::int64_t correct = 0;
  for (std::int64_t i = 0; i < examples.count; ++i) correct += classes[std::size_t(i)] == examples.labels[i];
  return double(correct);
}

template <class T>
std::vector<std::uint8_t> CostFunction<T>::predict(std::span<const T> params, const T* images, std::int64_t count) {
  struct Unprofiled {  // predictions are not training time; restored even if forward() throws
    Profile*& slot;
    Profile* saved = std::exchange(slot, nullptr);
    ~Unprofiled() { slot = saved; }
  } unprofiled{profile_};
  const int last = network_.layer_count() - 1;
  const std::int64_t inputs = network_.layer(0).inputs;
  const auto bias = network_.biases(params, last);
  std::vector<std::uint8_t> classes(static_cast<std::size_t>(count));
  for (std::int64_t first = 0; first < count; first += kPredictBlock) {
    const std::int64_t rows = std::min(kPredictBlock, count - first);
    forward(params, images + first * inputs, rows);
    classify_rows(activations_.back().data(), bias, rows, classes.data() + first);
  }
  return classes;
}

template class CostFunction<float>;
template class CostFunction<double>;

}  // namespace exprjit::nn
