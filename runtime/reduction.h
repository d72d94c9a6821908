// Runs reduction kernels: whole-array (into one value) and along one axis.
#pragma once

#include <vector>

#include "runtime/compiled_kernel.h"
#include "runtime/executor.h"

namespace exprjit::reduction {

// Shape of the result of reducing `shape` along the kernel's axis (empty for a full reduction).
Shape result_shape(const CompiledKernel& kernel, const Shape& shape);

// `inputs` are the operands' bases and strides in the broadcast `shape`; `out` has
// result_shape() and the kernel's result dtype.
void run(const CompiledKernel& kernel, const Shape& shape, const std::vector<executor::Operand>& inputs,
         const ArrayView& out);

}  // namespace exprjit::reduction
