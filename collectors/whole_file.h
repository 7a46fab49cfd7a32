#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "collectors/expected.h"

namespace memwatch {

// /proc files and config files are a few KiB; the bound keeps a hostile --path.procfs (a FIFO,
// /dev/zero) from growing the daemon's memory.
inline constexpr std::size_t kMaxWholeFileBytes = 1 << 20;

// Reads a whole pseudo-file in one go, the way the kernel expects (procfs files report size 0).
// The error carries errno so callers can tell "feature missing" (ENOENT, EOPNOTSUPP) from faults.
Expected<std::string> readWholeFile(const std::filesystem::path& path,
                                    std::size_t maxBytes = kMaxWholeFileBytes);

}  // namespace memwatch
