#include "nn/file_io.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "exprjit/error.h"

namespace exprjit::nn {

std::vector<std::byte> read_file(const std::string& path, const std::string& what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw IOError("cannot open " + what + " " + path);
  std::vector<char> content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw IOError("cannot read " + what + " " + path);
  const auto* first = reinterpret_cast<const std::byte*>(content.data());
  return {first, first + content.size()};
}

void write_file_atomically(const std::string& path, std::span<const std::byte> bytes, const std::string& what) {
  const std::string temporary = path + ".tmp";
  const std::string failure = "cannot write " + what + (what.empty() ? "" : " ") + path;
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw IOError(failure);
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
      std::remove(temporary.c_str());
      throw IOError(failure);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw IOError(failure);
  }
}

}  // namespace exprjit::nn
