// FailureLog: a failure logged when its message changes and reminded after an interval, unless
// it is no-data or lasting; the recovery logged once.
#include "collectors/core/failure_log.h"

#include <spdlog/spdlog.h>

namespace memwatch {

FailureLog::FailureLog(std::string collectorName, Clock::duration repeatInterval)
    : collectorName_(std::move(collectorName)), repeatInterval_(repeatInterval) {}

bool FailureLog::failed(const Error& error, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  bool changed = !failing_ || error.message != lastMessage_;
  bool reminderDue = !error.noData && !error.lasting && now - lastLogged_ >= repeatInterval_;
  failing_ = true;
  if (!changed && !reminderDue) return false;
  lastMessage_ = error.message;
  lastLogged_ = now;
  if (error.noData) {
    spdlog::info("collector {}: no data: {}", collectorName_, error.message);
  } else {
    spdlog::error("collector {} failed: {}{}", collectorName_, error.message,
                  changed ? "" : " (still failing)");
  }
  return true;
}

bool FailureLog::succeeded() {
  std::lock_guard lock(mutex_);
  if (!failing_) return false;
  failing_ = false;
  lastMessage_.clear();
  spdlog::info("collector {} recovered", collectorName_);
  return true;
}

}  // namespace memwatch
