#pragma once

// Remembers which kinds of failure were already logged, so that a failure repeated on every
// request (a JSON route that throws at each scrape) is logged once rather than flooding the
// journal. Bounded: at most kMaxKinds kinds are remembered; kinds beyond are not logged at all,
// since a daemon that has seen that many different failures has said enough. Thread-safe.

#include <cstddef>
#include <mutex>
#include <set>
#include <string>

namespace memwatch {

class OncePerKindLog {
 public:
  static constexpr std::size_t kMaxKinds = 16;

  // True the first time `kind` is seen, while fewer than kMaxKinds kinds are remembered.
  bool firstOf(const std::string& kind) {
    std::lock_guard lock(mutex_);
    if (kinds_.size() >= kMaxKinds) return false;
    return kinds_.insert(kind).second;
  }

 private:
  std::mutex mutex_;
  std::set<std::string> kinds_;
};

}  // namespace memwatch
