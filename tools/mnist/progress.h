// Training progress: one line rewritten in place on a terminal, one line per step otherwise.
#pragma once

#include <cstdio>

#include "nn/train.h"

namespace exprjit::tools {

class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::FILE* stream);
  void update(const nn::HistoryRow& row, int planned_steps);
  void finish();  // ends the live line

 private:
  std::FILE* stream_;
  bool live_;
  bool pending_newline_ = false;
};

}  // namespace exprjit::tools
