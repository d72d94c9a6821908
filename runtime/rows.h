// Walks the elements of any view in C order one innermost row at a time, so per-element work
// runs in a plain strided loop (no index arithmetic per element).
#pragma once

#include <cstdint>
#include <vector>

#include "exprjit/array.h"

namespace exprjit {

// Calls visit(first, count, stride) for each row along the last axis (a 0-d view is one row of
// one element); `stride` is in bytes. Views with no elements visit nothing.
template <class F> void for_each_row(const ArrayView& view, F&& visit) {
  if (view.size() == 0) return;
  char* base = static_cast<char*>(view.data());
  const std::size_t ndim = view.shape().size();
  if (ndim == 0) return visit(base, std::int64_t{1}, std::int64_t{0});
  const std::int64_t count = view.shape().back(), stride = view.strides().back();
  std::vector<std::int64_t> index(ndim - 1, 0);
  while (true) {
    char* row = base;
    for (std::size_t axis = 0; axis + 1 < ndim; ++axis) row += index[axis] * view.strides()[axis];
    visit(row, count, stride);
    std::size_t axis = ndim - 1;
    while (axis-- > 0) {
      if (++index[axis] < view.shape()[axis]) break;
      index[axis] = 0;
    }
    if (axis == static_cast<std::size_t>(-1)) return;
  }
}

// Calls visit(address) for each element, in C order.
template <class F> void for_each_element(const ArrayView& view, F&& visit) {
  for_each_row(view, [&](char* row, std::int64_t count, std::int64_t stride) {
    for (std::int64_t i = 0; i < count; ++i) visit(row + i * stride);
  });
}

}  // namespace exprjit
