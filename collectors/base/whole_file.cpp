// Whole-file reads: open with O_CLOEXEC|O_NONBLOCK, read or pread in 16 KiB chunks, EFBIG past
// the bound.
#include "collectors/base/whole_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace memwatch {

Error fileError(const std::filesystem::path& path, const char* what, int errnum) {
  return Error{.message = std::string(what) + " " + path.string() + ": " + std::strerror(errnum),
               .errnum = errnum};
}

int openForReading(const std::filesystem::path& path) {
  return ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

Expected<std::string> readDescriptorToEnd(int fd, ReadFrom from, const std::filesystem::path& path,
                                          std::size_t maxBytes) {
  std::string content;
  char chunk[16 * 1024];
  off_t offset = 0;
  for (;;) {
    ssize_t got = from == ReadFrom::kStart ? ::pread(fd, chunk, sizeof chunk, offset)
                                           : ::read(fd, chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fileError(path, "cannot read", errno);
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

Expected<std::string> readWholeFile(const std::filesystem::path& path, std::size_t maxBytes) {
  const int fd = openForReading(path);
  if (fd < 0) return fileError(path, "cannot open", errno);
  Expected<std::string> content =
      readDescriptorToEnd(fd, ReadFrom::kCurrentPosition, path, maxBytes);
  ::close(fd);
  return content;
}

}  // namespace memwatch
