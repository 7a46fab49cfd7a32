#pragma once

// Reading a small file whole, the way procfs expects: one open, reads to the end, a bound.

#include <cstddef>
#include <filesystem>
#include <string>

#include "collectors/base/expected.h"

namespace memwatch {

// /proc files and config files are a few KiB; the bound keeps a hostile --path.procfs (a FIFO,
// /dev/zero) from growing the daemon's memory.
inline constexpr std::size_t kMaxWholeFileBytes = 1 << 20;

// Reads a whole pseudo-file in one go, the way the kernel expects (procfs files report size 0).
// The error carries errno so callers can tell "feature missing" (ENOENT, EOPNOTSUPP) from faults.
Expected<std::string> readWholeFile(const std::filesystem::path& path,
                                    std::size_t maxBytes = kMaxWholeFileBytes);

// Where a read of an open descriptor starts: at its current position (read(), which FIFOs need)
// or at offset 0 (pread(), so that a kept descriptor needs no lseek and threads can share it).
enum class ReadFrom { kCurrentPosition, kStart };

// Reads an open descriptor to its end, at most maxBytes; `path` names it in errors.
Expected<std::string> readDescriptorToEnd(int fd, ReadFrom from, const std::filesystem::path& path,
                                          std::size_t maxBytes = kMaxWholeFileBytes);

// Opens a file to read it whole: never blocks on a FIFO, never becomes a controlling terminal.
// Returns the descriptor, or -1 with errno set.
int openForReading(const std::filesystem::path& path);

// "cannot <what> <path>: <strerror>", with errno kept.
Error fileError(const std::filesystem::path& path, const char* what, int errnum);

}  // namespace memwatch
