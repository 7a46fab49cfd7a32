#pragma once

// Logging a failing collector once, not at every scrape.

#include <chrono>
#include <mutex>
#include <string>

#include "collectors/base/expected.h"

namespace memwatch {

// Keeps a failing collector from flooding the log on every scrape: it logs the first failure,
// a failure whose message changed, a reminder at most once per interval while it persists, and
// the recovery. Missing kernel features (Error::noData) are logged once at info level.
class FailureLog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::minutes kDefaultRepeatInterval{10};

  explicit FailureLog(std::string collectorName,
                      Clock::duration repeatInterval = kDefaultRepeatInterval);

  // Each returns whether it wrote a log line.
  bool failed(const Error& error, Clock::time_point now = Clock::now());
  bool succeeded();

 private:
  std::mutex mutex_;
  const std::string collectorName_;
  const Clock::duration repeatInterval_;
  bool failing_ = false;
  std::string lastMessage_;
  Clock::time_point lastLogged_{};
};

}  // namespace memwatch
