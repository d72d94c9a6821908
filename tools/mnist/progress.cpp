#include "tools/mnist/progress.h"

#include <unistd.h>

namespace exprjit::tools {
namespace {

void percent(std::FILE* stream, const char* name, double fraction) {
  if (fraction >= 0) std::fprintf(stream, "  %s %5.2f%%", name, 100 * fraction);
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::FILE* stream) : stream_(stream), live_(isatty(fileno(stream)) != 0) {}

void ProgressPrinter::update(const nn::HistoryRow& row, int planned_steps) {
  const double per_step = row.step > 0 ? row.train_seconds / row.step : 0;
  const double eta = per_step * (planned_steps - row.step);
  if (live_) std::fputs("\r\033[K", stream_);
  std::fprintf(stream_, "step %3d/%d  cost %.5f", row.step, planned_steps, row.cost);
  percent(stream_, "train", row.train_accuracy);
  percent(stream_, "valid", row.validation_accuracy);
  std::fprintf(stream_, "  elapsed %.1fs  ETA %.1fs", row.train_seconds, eta > 0 ? eta : 0.0);
  if (!live_) std::fputc('\n', stream_);
  pending_newline_ = live_;
  std::fflush(stream_);
}

void ProgressPrinter::finish() {
  if (pending_newline_) std::fputc('\n', stream_);
  pending_newline_ = false;
}

}  // namespace exprjit::tools
