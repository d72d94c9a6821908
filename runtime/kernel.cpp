#include "exprjit/kernel.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "compiler/pipeline.h"
#include "exprjit/error.h"
#include "runtime/broadcast.h"
#include "runtime/compiled_kernel.h"
#include "runtime/executor.h"
#include "runtime/reduction.h"
#include "runtime/rows.h"

namespace exprjit {
namespace {

// Whether any element of a uint64 view is 2**63 or more: kernels compute uint64 in int64.
bool has_values_beyond_int64(const ArrayView& view) {
  std::uint64_t any_top_bit = 0;
  for_each_row(view, [&](const char* row, std::int64_t count, std::int64_t stride) {
    for (std::int64_t i = 0; i < count; ++i) {
      std::uint64_t value;
      std::memcpy(&value, row + i * stride, sizeof value);
      any_top_bit |= value;
    }
  });
  return (any_top_bit >> 63) != 0;
}

void check_arguments(const CompiledKernel& kernel, std::span<const Operand> args) {
  if (args.size() != kernel.signature.size()) {
    throw ValueError("kernel for '" + kernel.expression + "' takes " + std::to_string(kernel.signature.size()) +
                     " arguments, got " + std::to_string(args.size()));
  }
  for (std::size_t k = 0; k < args.size(); ++k) {
    const Param& param = kernel.signature[k];
    const ArrayView& view = args[k].view();
    if (view.dtype() != param.dtype) {
      throw TypeError("argument '" + param.name + "' is " + std::string(dtype_name(view.dtype())) +
                      " but the kernel was compiled for " + std::string(dtype_name(param.dtype)));
    }
    if (param.scalar && view.ndim() != 0)
      throw ShapeError("argument '" + param.name + "' was compiled as a scalar but has " + std::to_string(view.ndim()) + " dimensions");
    if (view.data() == nullptr && view.size() != 0) throw ValueError("argument '" + param.name + "' has no data");
    if (param.dtype == DType::UInt64 && has_values_beyond_int64(view)) {
      throw ValueError("argument '" + param.name + "' is uint64 with values of 2**63 or more, which exprjit's int64 "
                       "arithmetic cannot represent; convert it to float64 first");
    }
  }
}

Shape broadcast_shape(std::span<const Operand> args) {
  std::vector<const ArrayView*> views;
  for (const Operand& arg : args) views.push_back(&arg.view());
  return broadcast::common_shape(views);
}

// Lowest and one-past-highest byte a view touches.
std::pair<const char*, const char*> byte_range(const ArrayView& view) {
  const char* low = static_cast<const char*>(view.data());
  const char* high = low;
  for (std::size_t d = 0; d < view.shape().size(); ++d) {
    if (view.shape()[d] == 0) return {low, low};
    const std::int64_t extent = (view.shape()[d] - 1) * view.strides()[d];
    (extent < 0 ? low : high) += extent;
  }
  return {low, high + itemsize(view.dtype())};
}

bool overlaps(const ArrayView& a, const ArrayView& b) {
  const auto [a_low, a_high] = byte_range(a);
  const auto [b_low, b_high] = byte_range(b);
  return a_low < b_high && b_low < a_high;
}

std::vector<executor::Operand> input_operands(std::span<const Operand> args, const Shape& shape) {
  std::vector<executor::Operand> operands;
  operands.reserve(args.size());
  for (const Operand& arg : args)
    operands.push_back({static_cast<char*>(arg.view().data()), broadcast::strides_in(arg.view(), shape)});
  return operands;
}

void check_output(const CompiledKernel& kernel, const ArrayView& out, const Shape& expected) {
  if (out.dtype() != kernel.result) {
    throw TypeError("out is " + std::string(dtype_name(out.dtype())) + " but '" + kernel.expression + "' gives " +
                    std::string(dtype_name(kernel.result)));
  }
  if (out.shape() != expected) {
    throw ShapeError("out has shape " + broadcast::shape_text(out.shape()) + " but the result has shape " +
                     broadcast::shape_text(expected));
  }
  for (std::size_t d = 0; d < out.shape().size(); ++d)
    if (out.shape()[d] > 1 && out.strides()[d] == 0) throw ValueError("out must not repeat elements (zero stride)");
  if (out.data() == nullptr && out.size() != 0) throw ValueError("out has no data");
}

void run(const CompiledKernel& kernel, std::span<const Operand> args, const Shape& shape, const ArrayView& out) {
  if (kernel.reduction) {
    reduction::run(kernel, shape, input_operands(args, shape), out);
    return;
  }
  std::vector<executor::Operand> operands{{static_cast<char*>(out.data()), out.strides()}};
  for (executor::Operand& input : input_operands(args, shape)) operands.push_back(std::move(input));
  executor::run_elementwise(kernel.kernels, executor::make_loop(shape, std::move(operands)));
}

}  // namespace

std::shared_ptr<const CompiledKernel> CompiledKernel::build(std::string_view expression, const Signature& signature,
                                                            const Options& options) {
  auto compiled = pipeline::compile(expression, signature, options, /*contiguous_only=*/true);
  auto kernel = std::make_shared<CompiledKernel>();
  kernel->expression = std::string(expression);
  kernel->signature = signature;
  kernel->options = options;
  kernel->result = *compiled.tree->dtype;
  if (compiled.tree->kind == ast::Kind::Reduce) {
    kernel->reduction = compiled.tree->reduce.op;
    kernel->axis = compiled.tree->reduce.axis;
  }
  kernel->kernels.contiguous = compiled.code->entry();
  kernel->code = std::move(compiled.code);
  kernel->kernels.unit.push_back(static_cast<std::int64_t>(itemsize(kernel->result)));
  for (const Param& param : signature)
    kernel->kernels.unit.push_back(param.scalar ? 0 : static_cast<std::int64_t>(itemsize(param.dtype)));
  kernel->kernels.output_may_repeat = kernel->reduction.has_value();
  const CompiledKernel* self = kernel.get();
  kernel->kernels.any_layout = [self] { return self->any_layout(); };
  return kernel;
}

// Compiled on the first call whose strides the contiguous kernel cannot take (a failure
// propagates and the next such call tries again).
jit::KernelFunction CompiledKernel::any_layout() const {
  std::call_once(any_layout_once_, [&] { any_layout_code_ = pipeline::compile(expression, signature, options).code; });
  return any_layout_code_->entry();
}

Kernel::Kernel(std::shared_ptr<const CompiledKernel> compiled) : compiled_(std::move(compiled)) {}

const std::string& Kernel::expression() const { return compiled_->expression; }
const Signature& Kernel::signature() const { return compiled_->signature; }
DType Kernel::result_dtype() const { return compiled_->result; }
bool Kernel::is_reduction() const { return compiled_->reduction.has_value(); }
std::optional<int> Kernel::reduction_axis() const { return compiled_->axis; }

Array Kernel::operator()(std::span<const Operand> args) const {
  check_arguments(*compiled_, args);
  const Shape shape = broadcast_shape(args);
  const Shape result_shape = compiled_->reduction ? reduction::result_shape(*compiled_, shape) : shape;
  Array out = Array::empty(compiled_->result, result_shape);
  run(*compiled_, args, shape, out);
  return out;
}

void Kernel::operator()(std::span<const Operand> args, const ArrayView& out) const {
  check_arguments(*compiled_, args);
  const Shape shape = broadcast_shape(args);
  const Shape expected = compiled_->reduction ? reduction::result_shape(*compiled_, shape) : shape;
  check_output(*compiled_, out, expected);
  if (compiled_->reduction && !out.is_c_contiguous()) {
    Array staged = (*this)(args);
    copy_into(staged, out);
    return;
  }
  // An input that shares memory with out in any other layout is read from a copy.
  std::vector<Operand> safe(args.begin(), args.end());
  for (std::size_t k = 0; k < args.size(); ++k) {
    const ArrayView& in = args[k].view();
    if (!overlaps(in, out)) continue;
    const bool same_elements = !compiled_->reduction && in.data() == out.data() &&
                               broadcast::strides_in(in, shape) == out.strides();
    if (!same_elements) safe[k] = Operand(Array::copy_of(in));
  }
  run(*compiled_, safe, shape, out);
}

std::string Kernel::ir() const {
  return pipeline::ir(compiled_->expression, compiled_->signature, compiled_->options);
}

std::string Kernel::assembly() const {
  return pipeline::assembly(compiled_->expression, compiled_->signature, compiled_->options);
}

}  // namespace exprjit
