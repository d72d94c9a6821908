// Whole-file reads and all-or-nothing writes for nn/'s file formats (IDX, models) and the
// charts and tables of exprjit-mnist.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace exprjit::nn {

// The file's bytes; throws exprjit::IOError "cannot open <what> <path>".
std::vector<std::byte> read_file(const std::string& path, const std::string& what);

// Writes to `path`.tmp and renames it over `path`, so a failure leaves any existing file intact
// and no partial file behind; throws exprjit::IOError "cannot write <what> <path>".
void write_file_atomically(const std::string& path, std::span<const std::byte> bytes, const std::string& what);

}  // namespace exprjit::nn
