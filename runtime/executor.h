// Runs a kernel over an N-d iteration space in chunks, across a oneTBB task arena.
//
// The iteration space is split into chunks of kChunkElements elements at fixed positions,
// whatever the thread count, so results (reductions included) are identical for any number
// of threads. Inputs below two chunks run on the calling thread with no task overhead.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "compiler/jit.h"
#include "exprjit/array.h"

namespace exprjit::executor {

// Elements per task. The kernels are fused, so a chunk needs no temporaries and its size is
// a scheduling grain, not a cache block: 16384 elements take 2-20 us, so TBB's ~1 us per task
// costs under 5% while a 10^5-element input still gives each of 2 threads three chunks.
inline constexpr std::int64_t kChunkElements = 16384;

// Outputs of at least this many bytes are written with non-temporal stores (jit::kStreamOutput):
// with inputs at least as large, the evaluation's working set is beyond this machine's 32 MiB
// L3, so the output would be evicted before anyone reads it, and streaming saves the
// read-for-ownership of every output line (measured in docs/performance.md).
inline constexpr std::int64_t kStreamingBytes = std::int64_t{16} << 20;

void set_threads(int n);
int threads();

// The two forms of a compiled kernel. `contiguous` may be called only when every operand k
// with unit[k] != 0 steps by exactly unit[k] bytes (its item size) in the innermost dimension,
// or when a call covers one element; operand 0 may also step by 0 when `output_may_repeat` (a
// full reduction's accumulator). `any_layout()` handles every layout; it is asked for only
// when needed, since it compiles the complete kernel on first use.
struct Kernels {
  jit::KernelFunction contiguous = nullptr;
  std::function<jit::KernelFunction()> any_layout;
  std::vector<std::int64_t> unit;
  bool output_may_repeat = false;
};

// One operand's base address and byte strides in the iteration shape (operand 0: output).
struct Operand {
  char* base;
  Strides strides;
};

// A prepared iteration: dimensions coalesced, size-1 dimensions dropped.
struct Loop {
  Shape shape;                    // at least one dimension
  std::vector<Operand> operands;  // strides have shape.size() entries
  std::int64_t size() const;
  std::int64_t row_length() const { return shape.back(); }
};

Loop make_loop(const Shape& shape, std::vector<Operand> operands);

// Calls the kernel on every element of [begin, end) of the loop's C-order index space,
// one call per contiguous run of the innermost dimension. `offsets` (bytes, one per operand,
// optional) shift the operands' base addresses; `flags` are passed to the kernel.
void run_range(const Kernels& kernels, const Loop& loop, std::int64_t begin, std::int64_t end,
               std::span<const std::int64_t> offsets = {}, std::int64_t flags = 0);

// Runs `task(chunk)` for chunk in [0, chunks), in parallel when it pays.
void for_each_chunk(std::int64_t chunks, std::int64_t elements, const std::function<void(std::int64_t)>& task);

// Element-wise evaluation over the whole loop.
void run_elementwise(const Kernels& kernels, const Loop& loop);

}  // namespace exprjit::executor
