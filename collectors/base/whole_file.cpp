#include "collectors/base/whole_file.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace memwatch {
namespace {

constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;

Error errnoError(const std::filesystem::path& path, const char* what, int errnum) {
  return Error{.message = std::string(what) + " " + path.string() + ": " + std::strerror(errnum),
               .errnum = errnum};
}

enum class Position { kCurrent, kFromStart };

// Reads to the end. kFromStart reads with pread from offset 0, so that a kept descriptor needs no
// lseek and two threads can read the same one; kCurrent uses read, which FIFOs need.
Expected<std::string> readToEnd(int fd, Position position, const std::filesystem::path& path,
                                std::size_t maxBytes) {
  std::string content;
  char chunk[16 * 1024];
  off_t offset = 0;
  for (;;) {
    ssize_t got = position == Position::kFromStart ? ::pread(fd, chunk, sizeof chunk, offset)
                                                   : ::read(fd, chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errnoError(path, "cannot read", errno);
    }
    if (got == 0) break;
    content.append(chunk, static_cast<std::size_t>(got));
    offset += got;
    if (content.size() > maxBytes) {
      return Error{.message = path.string() + " is larger than " + std::to_string(maxBytes) +
                              " bytes; refusing to read it",
                   .errnum = EFBIG};
    }
  }
  return content;
}

bool onProcfs(int fd) {
  struct statfs filesystem {};
  return ::fstatfs(fd, &filesystem) == 0 && filesystem.f_type == PROC_SUPER_MAGIC;
}

}  // namespace

Expected<std::string> readWholeFile(const std::filesystem::path& path, std::size_t maxBytes) {
  int fd = ::open(path.c_str(), kOpenFlags);
  if (fd < 0) return errnoError(path, "cannot open", errno);
  Expected<std::string> content = readToEnd(fd, Position::kCurrent, path, maxBytes);
  ::close(fd);
  return content;
}

ScrapedFile::ScrapedFile(std::filesystem::path path) : path_(std::move(path)) {}

ScrapedFile::~ScrapedFile() {
  if (keptFd_ >= 0) ::close(keptFd_);
}

Expected<std::string> ScrapedFile::read() const {
  std::lock_guard lock(mutex_);
  if (keptFd_ >= 0) {
    Expected<std::string> content =
        readToEnd(keptFd_, Position::kFromStart, path_, kMaxWholeFileBytes);
    if (content) return content;
    // Opened afresh next time: the failure may belong to this descriptor only.
    ::close(keptFd_);
    keptFd_ = -1;
    return content;
  }
  int fd = ::open(path_.c_str(), kOpenFlags);
  if (fd < 0) return errnoError(path_, "cannot open", errno);
  Expected<std::string> content = readToEnd(fd, Position::kCurrent, path_, kMaxWholeFileBytes);
  // Only a descriptor that read well is kept: a file that fails (PSI disabled answers
  // EOPNOTSUPP) is opened again next time and may have recovered.
  if (content && onProcfs(fd)) {
    keptFd_ = fd;
  } else {
    ::close(fd);
  }
  return content;
}

}  // namespace memwatch
