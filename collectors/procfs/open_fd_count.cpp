// OpenFdCount: the /proc/PID/fd directory kept open, rewound and counted with raw getdents64,
// without "." and "..".
#include "collectors/procfs/open_fd_count.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>

namespace memwatch {
namespace {

// The fixed head of a struct linux_dirent64 (not exported by glibc's headers).
constexpr std::size_t kRecordLengthOffset = 16;  // after d_ino and d_off
constexpr std::size_t kNameOffset = 19;          // after d_reclen and d_type

bool isDotOrDotDot(const char* name) {
  return name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
}

}  // namespace

OpenFdCount::OpenFdCount(std::filesystem::path directory) : directory_(std::move(directory)) {}

OpenFdCount::~OpenFdCount() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::size_t> OpenFdCount::count() const {
  std::lock_guard lock(mutex_);
  std::optional<std::size_t> entries = countFromStart();
  if (!entries && fd_ >= 0) {
    // Opened afresh next time: the failure may belong to this descriptor only.
    ::close(fd_);
    fd_ = -1;
  }
  return entries;
}

std::optional<std::size_t> OpenFdCount::countFromStart() const {
  if (fd_ < 0) {
    fd_ = ::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) return std::nullopt;
  } else if (::lseek(fd_, 0, SEEK_SET) != 0) {
    return std::nullopt;
  }
  alignas(8) char buffer[4096];
  std::size_t entries = 0;
  for (;;) {
    const long got = ::syscall(SYS_getdents64, fd_, buffer, sizeof buffer);
    if (got < 0) return std::nullopt;
    if (got == 0) return entries;
    for (long offset = 0; offset < got;) {
      std::uint16_t recordLength = 0;
      std::memcpy(&recordLength, buffer + offset + kRecordLengthOffset, sizeof recordLength);
      if (recordLength == 0) return std::nullopt;  // never from the kernel; no endless loop
      if (!isDotOrDotDot(buffer + offset + kNameOffset)) ++entries;
      offset += recordLength;
    }
  }
}

}  // namespace memwatch
