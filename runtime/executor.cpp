#include "runtime/executor.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "exprjit/error.h"

namespace exprjit::executor {
namespace {

int default_threads() {
  if (const char* text = std::getenv("EXPRJIT_NUM_THREADS")) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end != text && *end == '\0' && value >= 1 && value <= 1024) return static_cast<int>(value);
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

// The arena is replaced, never changed, so evaluations already running keep theirs.
class Pool {
 public:
  static Pool& instance() {
    static Pool pool;
    return pool;
  }
  void set(int n) {
    auto arena = std::make_shared<tbb::task_arena>(n);
    std::lock_guard lock(mutex_);
    arena_ = std::move(arena);
    threads_ = n;
  }
  int threads() {
    std::lock_guard lock(mutex_);
    return threads_;
  }
  std::shared_ptr<tbb::task_arena> arena() {
    std::lock_guard lock(mutex_);
    return arena_;
  }

 private:
  Pool() { set(default_threads()); }
  std::mutex mutex_;
  std::shared_ptr<tbb::task_arena> arena_;
  int threads_ = 1;
};

}  // namespace

void set_threads(int n) {
  if (n < 1 || n > 1024) throw ValueError("number of threads must be between 1 and 1024, got " + std::to_string(n));
  Pool::instance().set(n);
}

int threads() { return Pool::instance().threads(); }

std::int64_t Loop::size() const {
  std::int64_t count = 1;
  for (std::int64_t dim : shape) count *= dim;
  return count;
}

Loop make_loop(const Shape& shape, std::vector<Operand> operands) {
  Loop loop;
  loop.operands.reserve(operands.size());
  for (const Operand& operand : operands) loop.operands.push_back({operand.base, {}});
  // Keep dimensions of size != 1, merging each with the previous one when every operand
  // steps through both as through one longer dimension.
  for (std::size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    bool merge = !loop.shape.empty();
    for (std::size_t k = 0; merge && k < operands.size(); ++k)
      merge = loop.operands[k].strides.back() == operands[k].strides[d] * shape[d];
    if (merge) {
      loop.shape.back() *= shape[d];
      for (std::size_t k = 0; k < operands.size(); ++k) loop.operands[k].strides.back() = operands[k].strides[d];
    } else {
      loop.shape.push_back(shape[d]);
      for (std::size_t k = 0; k < operands.size(); ++k) loop.operands[k].strides.push_back(operands[k].strides[d]);
    }
  }
  if (loop.shape.empty()) {
    loop.shape.push_back(shape.empty() || element_count(shape) != 0 ? 1 : 0);
    for (auto& operand : loop.operands) operand.strides.push_back(0);
  }
  return loop;
}

namespace {

bool unit_strides(const Kernels& kernels, std::span<const std::int64_t> inner_strides) {
  for (std::size_t k = 0; k < inner_strides.size(); ++k) {
    if (kernels.unit[k] == 0 || inner_strides[k] == kernels.unit[k]) continue;
    if (k == 0 && kernels.output_may_repeat && inner_strides[k] == 0) continue;
    return false;
  }
  return true;
}

}  // namespace

void run_range(const Kernels& kernels, const Loop& loop, std::int64_t begin, std::int64_t end,
               std::span<const std::int64_t> offsets, std::int64_t flags) {
  const std::size_t operands = loop.operands.size();
  const std::size_t outer_dims = loop.shape.size() - 1;
  const std::int64_t length = loop.row_length();
  constexpr std::size_t kInline = 16;
  char* inline_pointers[kInline];
  std::int64_t inline_strides[kInline];
  std::vector<char*> heap_pointers;
  std::vector<std::int64_t> heap_strides;
  char** pointers = inline_pointers;
  std::int64_t* inner_strides = inline_strides;
  if (operands > kInline) {
    heap_pointers.resize(operands);
    heap_strides.resize(operands);
    pointers = heap_pointers.data();
    inner_strides = heap_strides.data();
  }
  for (std::size_t k = 0; k < operands; ++k) inner_strides[k] = loop.operands[k].strides.back();
  const bool unit = unit_strides(kernels, std::span<const std::int64_t>(inner_strides, operands));
  jit::KernelFunction any_layout = nullptr;

  std::int64_t position = begin;
  while (position < end) {
    std::int64_t row = position / length;
    const std::int64_t column = position % length;
    const std::int64_t count = std::min(length - column, end - position);
    for (std::size_t k = 0; k < operands; ++k)
      pointers[k] = loop.operands[k].base + column * inner_strides[k] + (offsets.empty() ? 0 : offsets[k]);
    // Decompose the row number into outer indices, innermost outer dimension first.
    for (std::size_t d = outer_dims; d-- > 0;) {
      const std::int64_t index = row % loop.shape[d];
      row /= loop.shape[d];
      for (std::size_t k = 0; k < operands; ++k) pointers[k] += index * loop.operands[k].strides[d];
    }
    if (unit || count == 1) {
      kernels.contiguous(count, pointers, inner_strides, flags);
    } else {
      if (!any_layout) any_layout = kernels.any_layout();
      any_layout(count, pointers, inner_strides, flags);
    }
    position += count;
  }
}

void for_each_chunk(std::int64_t chunks, std::int64_t elements, const std::function<void(std::int64_t)>& task) {
  const int n = threads();
  if (n == 1 || chunks < 2 || elements < 2 * kChunkElements) {
    for (std::int64_t chunk = 0; chunk < chunks; ++chunk) task(chunk);
    return;
  }
  auto arena = Pool::instance().arena();
  arena->execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, chunks, 1),
                      [&](const tbb::blocked_range<std::int64_t>& range) {
                        for (std::int64_t chunk = range.begin(); chunk != range.end(); ++chunk) task(chunk);
                      },
                      tbb::simple_partitioner());
  });
}

void run_elementwise(const Kernels& kernels, const Loop& loop) {
  const std::int64_t total = loop.size();
  if (total == 0) return;
  const std::int64_t output_stride = loop.operands[0].strides.back();
  const std::int64_t flags = total * std::abs(output_stride) >= kStreamingBytes ? jit::kStreamOutput : 0;
  const std::int64_t chunks = (total + kChunkElements - 1) / kChunkElements;
  if (threads() == 1 || chunks < 2) {
    run_range(kernels, loop, 0, total, {}, flags);
    return;
  }
  for_each_chunk(chunks, total, [&](std::int64_t chunk) {
    run_range(kernels, loop, chunk * kChunkElements, std::min(total, (chunk + 1) * kChunkElements), {}, flags);
  });
}

}  // namespace exprjit::executor
