// The element-wise steps of training, each one fused exprjit kernel compiled once per dtype.
//
// The cross-entropy is written with softplus(t) = log(1 + e^t) of the output layer's
// pre-activation t = z + b, because -y log(h) - (1-y) log(1-h) with h = sigmoid(t) equals
// softplus(t) - y t, which stays finite where h rounds to 0 or 1.
#pragma once

#include "exprjit/kernel.h"

namespace exprjit::nn {

template <class T>
struct Kernels {
  Kernel sigmoid_of_sum;            // (z, b) -> 1/(1+exp(-(z+b)))          forward, hidden layers
  Kernel output_error;              // (z, b, y) -> sigmoid(z+b) - y        delta of the output layer
  Kernel cross_entropy_sum;         // (z, b, y) -> sum(softplus(z+b) - y*(z+b))
  Kernel quadratic_error;           // (z, b, y) -> (h - y)*h*(1-h), h = sigmoid(z+b)
  Kernel quadratic_sum;             // (z, b, y) -> sum((h - y)**2)
  Kernel sigmoid_gradient_product;  // (d, a) -> d*a*(1-a)                  back-propagated delta
  Kernel add_scaled;                // (g, c, w) -> g + c*w                 L2 gradient, parameter steps
  Kernel sum_of_squares;            // (w) -> sum(w*w)                      L2 cost
  Kernel momentum_velocity;         // (v, mu, lr, g) -> mu*v - lr*g        SGD with momentum
};

// Compiled on first use (thread-safe) and kept for the life of the process.
template <class T>
const Kernels<T>& kernels();

}  // namespace exprjit::nn
