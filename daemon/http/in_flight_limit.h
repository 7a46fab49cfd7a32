#pragma once

// --web.max-requests: how many requests may be in flight at once.

#include <atomic>

namespace memwatch {

// At most `limit` holders at once; 0 is no limit (node_exporter's meaning). Lock-free: it is
// taken on the HTTP server's I/O thread.
class InFlightLimit {
 public:
  explicit InFlightLimit(unsigned limit) : limit_(limit) {}

  unsigned limit() const { return limit_; }
  // False when `limit` holders already hold it; then there is nothing to release.
  bool tryAcquire() {
    if (limit_ == 0) return true;
    if (inFlight_.fetch_add(1, std::memory_order_acquire) < limit_) return true;
    inFlight_.fetch_sub(1, std::memory_order_release);
    return false;
  }
  void release() {
    if (limit_ != 0) inFlight_.fetch_sub(1, std::memory_order_release);
  }

 private:
  const unsigned limit_;
  std::atomic<unsigned> inFlight_ = 0;
};

}  // namespace memwatch
