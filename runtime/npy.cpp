#include "exprjit/npy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "exprjit/error.h"
#include "npy_header.h"

namespace exprjit {
namespace {

// Closes a POSIX file descriptor on every path out of a function.
class File {
 public:
  explicit File(int fd) : fd_(fd) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now so that a failing close (a deferred write error) can be reported.
  int close() { return ::close(std::exchange(fd_, -1)); }

 private:
  int fd_;
};

std::string errno_text() { return std::strerror(errno); }

// Reads exactly `size` bytes at `offset`; false if the file ends first.
bool read_at(int fd, void* buffer, std::uint64_t size, std::uint64_t offset, const std::string& path) {
  auto* out = static_cast<char*>(buffer);
  while (size > 0) {
    const ssize_t got = ::pread(fd, out, std::min<std::uint64_t>(size, 1u << 30), static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw IOError("cannot read '" + path + "': " + errno_text());
    if (got == 0) return false;
    out += got;
    size -= static_cast<std::uint64_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

void write_all(int fd, const void* data, std::size_t size, const std::string& path) {
  const auto* in = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t put = ::write(fd, in, std::min<std::size_t>(size, 1u << 30));
    if (put < 0 && errno == EINTR) continue;
    if (put < 0) throw IOError("cannot write '" + path + "': " + errno_text());
    in += put;
    size -= static_cast<std::size_t>(put);
  }
}

// An Array laid out like the file's data: a Fortran-order (a, b, c) is a C-order (c, b, a).
Array storage_for(const npy::Header& header) {
  Shape shape = header.shape;
  if (header.fortran_order) std::reverse(shape.begin(), shape.end());
  if (header.dtype == DType::Bytes) return Array::bytes_zeros(header.itemsize, shape);
  return Array::empty(header.dtype, shape);
}

// Makes the raw data a valid C-order Array: any non-zero byte of a bool array is True (a
// byte other than 0 or 1 is not a valid C++ bool), and Fortran order is transposed.
Array finish(Array storage, const npy::Header& header) {
  if (header.dtype == DType::Bool) {
    auto* bytes = static_cast<std::uint8_t*>(storage.data());
    for (std::int64_t i = 0; i < storage.size(); ++i) bytes[i] = bytes[i] != 0;
  }
  if (!header.fortran_order || header.shape.size() < 2) return storage;
  Strides strides = storage.strides();
  std::reverse(strides.begin(), strides.end());
  if (header.dtype == DType::Bytes)
    return Array::copy_of(ArrayView::bytes(storage.data(), header.itemsize, header.shape, strides));
  return Array::copy_of(ArrayView(storage.data(), header.dtype, header.shape, strides));
}

// What a .npy file of `array` holds: the header, then the elements in C order (copied only
// when the view is not C-contiguous already).
struct Payload {
  explicit Payload(const ArrayView& array)
      : header(npy::encode(array.dtype(), array.shape(), array.itemsize())),
        copy(array.is_c_contiguous() ? Array() : Array::copy_of(array)),
        data(array.is_c_contiguous() ? array.data() : copy.data()),
        data_bytes(static_cast<std::size_t>(array.size()) * array.itemsize()) {}
  std::string header;
  Array copy;
  const void* data;
  std::size_t data_bytes;
};

std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

Array parse_npy(std::span<const std::byte> bytes, const std::string& source) {
  const std::uint64_t offset =
      npy::data_offset(bytes.first(std::min(bytes.size(), npy::kPreambleBytes)), bytes.size(), source);
  const npy::Header header = npy::decode(bytes.first(offset), bytes.size(), source);
  Array storage = storage_for(header);
  if (header.data_bytes > 0) std::memcpy(storage.data(), bytes.data() + offset, header.data_bytes);
  return finish(std::move(storage), header);
}

Array read_npy(const std::string& path) {
  File file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) throw IOError("cannot open '" + path + "': " + errno_text());
  struct stat info;
  if (::fstat(file.get(), &info) != 0) throw IOError("cannot read '" + path + "': " + errno_text());
  if (!S_ISREG(info.st_mode)) throw IOError("cannot read '" + path + "': not a regular file");
  const auto size = static_cast<std::uint64_t>(info.st_size);

  std::byte preamble[npy::kPreambleBytes];
  const std::size_t preamble_bytes = std::min<std::uint64_t>(size, sizeof preamble);
  if (!read_at(file.get(), preamble, preamble_bytes, 0, path)) throw IOError(path + ": the file shrank while being read");
  const std::uint64_t offset = npy::data_offset(std::span(preamble, preamble_bytes), size, path);
  std::vector<std::byte> head(offset);
  if (!read_at(file.get(), head.data(), offset, 0, path)) throw IOError(path + ": the file shrank while being read");
  const npy::Header header = npy::decode(head, size, path);

  Array storage = storage_for(header);
  if (!read_at(file.get(), storage.data(), header.data_bytes, offset, path))
    throw IOError(path + ": the file shrank while being read");
  return finish(std::move(storage), header);
}

std::vector<std::byte> serialize_npy(const ArrayView& array) {
  const Payload payload(array);
  std::vector<std::byte> out(payload.header.size() + payload.data_bytes);
  std::memcpy(out.data(), payload.header.data(), payload.header.size());
  if (payload.data_bytes > 0) std::memcpy(out.data() + payload.header.size(), payload.data, payload.data_bytes);
  return out;
}

void write_npy(const std::string& path, const ArrayView& array) {
  const Payload payload(array);
  const std::string temporary = temporary_name(path);
  // 0666 before the umask, as for any file a program creates (mkstemp would force 0600).
  File file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (file.get() < 0) throw IOError("cannot write '" + path + "': " + errno_text());
  try {
    write_all(file.get(), payload.header.data(), payload.header.size(), path);
    write_all(file.get(), payload.data, payload.data_bytes, path);
    if (file.close() != 0) throw IOError("cannot write '" + path + "': " + errno_text());
    if (::rename(temporary.c_str(), path.c_str()) != 0) throw IOError("cannot write '" + path + "': " + errno_text());
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
}

}  // namespace exprjit
