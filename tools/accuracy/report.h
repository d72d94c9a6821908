// Printing sweep results: one line per case and dtype on the terminal as results arrive, and
// the Markdown tables of docs/accuracy.md (errors, worst inputs, speed of the two modes).
#pragma once

#include <ostream>
#include <span>
#include <string>

#include "tools/accuracy/sweep.h"

namespace exprjit::accuracy {

// Whether every mode of this result is within its bound.
bool within_bounds(const CaseResult& result);

void print_line(std::ostream& out, const CaseResult& result);
void write_markdown(std::ostream& out, std::span<const CaseResult> results, const std::string& command);

}  // namespace exprjit::accuracy
