// ScrapedFile: a procfs descriptor kept open and re-read from offset 0, reads taking turns.
#include "collectors/base/scraped_file.h"

#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>

#include "collectors/base/whole_file.h"

namespace memwatch {
namespace {

bool onProcfs(int fd) {
  struct statfs filesystem {};
  return ::fstatfs(fd, &filesystem) == 0 && filesystem.f_type == PROC_SUPER_MAGIC;
}

}  // namespace

ScrapedFile::ScrapedFile(std::filesystem::path path) : path_(std::move(path)) {}

ScrapedFile::~ScrapedFile() {
  if (keptFd_ >= 0) ::close(keptFd_);
}

Expected<std::string> ScrapedFile::read() const {
  std::lock_guard lock(mutex_);
  if (keptFd_ >= 0) {
    Expected<std::string> content = readDescriptorToEnd(keptFd_, ReadFrom::kStart, path_);
    if (content) return content;
    // Opened afresh next time: the failure may belong to this descriptor only.
    ::close(keptFd_);
    keptFd_ = -1;
    return content;
  }
  const int fd = openForReading(path_);
  if (fd < 0) return fileError(path_, "cannot open", errno);
  Expected<std::string> content = readDescriptorToEnd(fd, ReadFrom::kCurrentPosition, path_);
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
