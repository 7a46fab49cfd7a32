#include "collectors/whole_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace memwatch {
namespace {

Error errnoError(const std::filesystem::path& path, const char* what, int errnum) {
  return Error{.message = std::string(what) + " " + path.string() + ": " + std::strerror(errnum),
               .errnum = errnum};
}

}  // namespace

Expected<std::string> readWholeFile(const std::filesystem::path& path, std::size_t maxBytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return errnoError(path, "cannot open", errno);

  std::string content;
  char chunk[16 * 1024];
  for (;;) {
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      int saved = errno;
      ::close(fd);
      return errnoError(path, "cannot read", saved);
    }
    if (got == 0) break;
    content.append(chunk, static_cast<std::size_t>(got));
    if (content.size() > maxBytes) {
      ::close(fd);
      return Error{.message = path.string() + " is larger than " + std::to_string(maxBytes) +
                              " bytes; refusing to read it",
                   .errnum = EFBIG};
    }
  }
  ::close(fd);
  return content;
}

}  // namespace memwatch
