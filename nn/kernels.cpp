#include "nn/kernels.h"

#include "exprjit/exprjit.h"

namespace exprjit::nn {
namespace {

template <class T>
Kernel compile_with(const char* expression, std::initializer_list<Param> params) {
  return compile(expression, Signature(params));
}

template <class T>
Kernels<T> compile_all() {
  constexpr DType t = dtype_of<T>;
  const Param z{"z", t}, b{"b", t}, y{"y", t}, d{"d", t}, a{"a", t}, g{"g", t}, w{"w", t}, v{"v", t};
  const Param c{"c", t, true}, mu{"mu", t, true}, lr{"lr", t, true};
  return Kernels<T>{
      compile_with<T>("1/(1+exp(-(z+b)))", {z, b}),
      compile_with<T>("1/(1+exp(-(z+b))) - y", {z, b, y}),
      compile_with<T>("sum(where(z+b > 0, z+b, 0) + log1p(exp(-abs(z+b))) - y*(z+b))", {z, b, y}),
      compile_with<T>("(1/(1+exp(-(z+b))) - y) * (1/(1+exp(-(z+b)))) * (1 - 1/(1+exp(-(z+b))))", {z, b, y}),
      compile_with<T>("sum((1/(1+exp(-(z+b))) - y)**2)", {z, b, y}),
      compile_with<T>("d*a*(1-a)", {d, a}),
      compile_with<T>("g + c*w", {g, c, w}),
      compile_with<T>("sum(w*w)", {w}),
      compile_with<T>("mu*v - lr*g", {v, mu, lr, g}),
  };
}

}  // namespace

template <class T>
const Kernels<T>& kernels() {
  static const Kernels<T> compiled = compile_all<T>();
  return compiled;
}

template const Kernels<float>& kernels<float>();
template const Kernels<double>& kernels<double>();

}  // namespace exprjit::nn
