#pragma once

// A file a collector reads whole at every scrape, with its procfs descriptor kept open.

#include <filesystem>
#include <mutex>
#include <string>

#include "collectors/base/expected.h"

namespace memwatch {

// A file read whole at every scrape. On procfs the descriptor is opened once and kept: a read
// from offset 0 makes the kernel generate the text afresh, and the path walk, open and close
// cost more than the read of a small procfs file. Anywhere else (a fixture tree, which tests
// rewrite and delete) the file is opened anew at every read, so what is read is what is there.
// read() may run on several threads at once; reads of the kept descriptor take turns, because
// the kernel keeps one generated text and read position per open file: a pread from offset 0 by
// another thread in the middle of a read would regenerate the text under it and tear it.
class ScrapedFile {
 public:
  explicit ScrapedFile(std::filesystem::path path);
  ~ScrapedFile();
  ScrapedFile(const ScrapedFile&) = delete;
  ScrapedFile& operator=(const ScrapedFile&) = delete;

  Expected<std::string> read() const;
  const std::filesystem::path& path() const { return path_; }

 private:
  const std::filesystem::path path_;
  mutable std::mutex mutex_;  // guards keptFd_ and every read of it
  mutable int keptFd_ = -1;   // a procfs descriptor, once opened
};

}  // namespace memwatch
