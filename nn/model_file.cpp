#include "nn/model_file.h"

#include <bit>
#include <cstring>

#include "exprjit/error.h"
#include "nn/file_io.h"

namespace exprjit::nn {
namespace {

static_assert(std::endian::native == std::endian::little, "the model format is little-endian");

constexpr char kMagic[8] = {'E', 'X', 'P', 'R', 'J', 'N', 'N', '1'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kMaxSizes = 64;

std::uint64_t fnv1a(std::span<const std::byte> bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::byte b : bytes) hash = (hash ^ std::to_integer<std::uint64_t>(b)) * 0x100000001b3ull;
  return hash;
}

template <class T> std::uint32_t dtype_code() { return sizeof(T) == 4 ? 1 : 2; }

template <class V>
void append(std::vector<std::byte>& out, const V& value) {
  const auto* bytes = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(V));
}

// Reads values front to back, failing with a clear message instead of reading past the end.
class Reader {
 public:
  Reader(std::span<const std::byte> bytes, const std::string& source) : bytes_(bytes), source_(source) {}
  template <class V> V read() {
    V value;
    std::memcpy(&value, take(sizeof(V)).data(), sizeof(V));
    return value;
  }
  std::span<const std::byte> take(std::size_t size) {
    if (size > bytes_.size() - offset_) fail("truncated");
    auto part = bytes_.subspan(offset_, size);
    offset_ += size;
    return part;
  }
  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }
  [[noreturn]] void fail(const std::string& what) const { throw IOError("model file " + source_ + ": " + what); }

 private:
  std::span<const std::byte> bytes_;
  std::string source_;
  std::size_t offset_ = 0;
};

template <class T>
std::vector<T> read_parameters(Reader& reader, std::uint64_t count) {
  if (count > reader.remaining() / sizeof(T)) reader.fail("truncated");
  std::vector<T> values(static_cast<std::size_t>(count));
  std::memcpy(values.data(), reader.take(values.size() * sizeof(T)).data(), values.size() * sizeof(T));
  return values;
}

}  // namespace

template <class T>
void save_model(const std::string& path, const Network& network, std::span<const T> parameters) {
  if (std::int64_t(parameters.size()) != network.parameter_count())
    throw ValueError("parameter vector does not match the network");
  std::vector<std::byte> out;
  out.insert(out.end(), reinterpret_cast<const std::byte*>(kMagic), reinterpret_cast<const std::byte*>(kMagic) + 8);
  append(out, kVersion);
  append(out, dtype_code<T>());
  append(out, static_cast<std::uint32_t>(network.sizes().size()));
  append(out, std::uint32_t{0});
  for (std::int64_t size : network.sizes()) append(out, static_cast<std::uint64_t>(size));
  append(out, static_cast<std::uint64_t>(parameters.size()));
  const auto* values = reinterpret_cast<const std::byte*>(parameters.data());
  out.insert(out.end(), values, values + parameters.size_bytes());
  append(out, fnv1a(out));

  write_file_atomically(path, out, "model file");
}

Model parse_model(std::span<const std::byte> bytes, const std::string& source) {
  Reader reader(bytes, source);
  if (std::memcmp(reader.take(8).data(), kMagic, 8) != 0) reader.fail("wrong magic (not an exprjit model)");
  if (reader.read<std::uint32_t>() != kVersion) reader.fail("unsupported format version");
  const auto dtype = reader.read<std::uint32_t>();
  if (dtype != 1 && dtype != 2) reader.fail("unknown dtype code " + std::to_string(dtype));
  const auto size_count = reader.read<std::uint32_t>();
  if (size_count < 2 || size_count > kMaxSizes) reader.fail("bad number of layers");
  reader.read<std::uint32_t>();
  std::vector<std::int64_t> sizes;
  for (std::uint32_t i = 0; i < size_count; ++i) {
    const auto size = reader.read<std::uint64_t>();
    if (size < 1 || size > (1u << 20)) reader.fail("bad layer size " + std::to_string(size));
    sizes.push_back(static_cast<std::int64_t>(size));
  }
  Network network(sizes);
  const auto count = reader.read<std::uint64_t>();
  if (count != static_cast<std::uint64_t>(network.parameter_count())) reader.fail("parameter count does not match the layer sizes");
  Model model{network, {}};
  if (dtype == 1) model.parameters = read_parameters<float>(reader, count);
  else model.parameters = read_parameters<double>(reader, count);
  const std::size_t hashed = reader.offset();
  if (reader.read<std::uint64_t>() != fnv1a(bytes.first(hashed))) reader.fail("checksum mismatch (corrupt file)");
  if (reader.remaining() != 0) reader.fail("unexpected bytes after the checksum");
  return model;
}

Model load_model(const std::string& path) { return parse_model(read_file(path, "model file"), path); }

template void save_model<float>(const std::string&, const Network&, std::span<const float>);
template void save_model<double>(const std::string&, const Network&, std::span<const double>);

}  // namespace exprjit::nn
