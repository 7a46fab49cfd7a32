#pragma once

// Counting a process's open file descriptors cheaply at every scrape.

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>

namespace memwatch {

// Counts the entries of a /proc/<pid>/fd directory, for process_open_fds. The directory is
// opened once and read again from its start with getdents64 into a stack buffer:
// std::filesystem::directory_iterator opened it, allocated a 32 KiB buffer and a path per entry
// at every scrape. Like client_golang, the count includes the descriptor that reads the directory.
class OpenFdCount {
 public:
  explicit OpenFdCount(std::filesystem::path directory);
  ~OpenFdCount();
  OpenFdCount(const OpenFdCount&) = delete;
  OpenFdCount& operator=(const OpenFdCount&) = delete;

  // nullopt when the directory cannot be read.
  std::optional<std::size_t> count() const;

 private:
  std::optional<std::size_t> countFromStart() const;  // with mutex_ held

  const std::filesystem::path directory_;
  mutable std::mutex mutex_;  // the descriptor's position is shared: one reader at a time
  mutable int fd_ = -1;
};

}  // namespace memwatch
