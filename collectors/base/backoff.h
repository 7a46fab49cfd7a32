#pragma once

// Delays that double while something keeps failing, up to a ceiling.

#include <algorithm>
#include <cstdint>

namespace memwatch {

// next() gives `first`, then twice the previous delay, never more than `ceiling`: 1, 2, 4, 8,
// 10, 10 s for (1 s, 10 s). reset() after a success starts again from `first`.
class Backoff {
 public:
  Backoff(std::uint64_t first, std::uint64_t ceiling) : first_(first), ceiling_(ceiling) {}

  std::uint64_t next() {
    current_ = current_ == 0 ? first_ : std::min(2 * current_, ceiling_);
    return current_;
  }
  void reset() { current_ = 0; }

 private:
  const std::uint64_t first_;
  const std::uint64_t ceiling_;
  std::uint64_t current_ = 0;
};

}  // namespace memwatch
