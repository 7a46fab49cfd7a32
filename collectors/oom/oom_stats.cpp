// OomStats: the counters behind a mutex, and the unattributed count raised only once the kernel's
// and the log's counts have held still for a settling time.
#include "collectors/oom/oom_stats.h"

#include <algorithm>

namespace memwatch {

OomStats::OomStats(std::size_t unitSeries, std::function<Clock::time_point()> clock)
    : clock_(std::move(clock)) {
  counters_.byUnit = BoundedLabelCounter(unitSeries);
  for (const char* constraint : kConstraints) counters_.byConstraint[constraint] = 0;
  for (const auto& [killer, constraint] : kUserspaceKillers) {
    counters_.userspace[{killer, constraint}] = 0;
  }
}

void OomStats::record(const OomKill& kill) {
  std::lock_guard lock(mutex_);
  ++counters_.kills;
  ++counters_.byConstraint[kill.constraint];
  counters_.byUnit.add(kill.unit.empty() ? kNoUnit : kill.unit);
  counters_.lastKillWallClockSeconds =
      std::max(counters_.lastKillWallClockSeconds.value_or(0), kill.wallClockSeconds);
}

void OomStats::recordUserspace(const OomKill& kill) {
  std::lock_guard lock(mutex_);
  ++counters_.userspace[{kill.killer, kill.constraint}];
  counters_.byUnit.add(kill.unit.empty() ? kNoUnit : kill.unit);
  counters_.lastKillWallClockSeconds =
      std::max(counters_.lastKillWallClockSeconds.value_or(0), kill.wallClockSeconds);
}

void OomStats::countLostRecords(std::uint64_t records) {
  std::lock_guard lock(mutex_);
  counters_.lostRecords += records;
}

void OomStats::setSourceError(std::optional<std::string> error, bool lasting) {
  std::lock_guard lock(mutex_);
  counters_.sourceErrorLasting = error && lasting;
  counters_.sourceError = std::move(error);
}

double OomStats::settleUnattributed(double kernelKills, std::uint64_t readKills) {
  std::lock_guard lock(mutex_);
  const Clock::time_point now = clock_();
  const double difference = std::max(0.0, kernelKills - static_cast<double>(readKills));
  const std::pair counts{kernelKills, readKills};
  if (!pendingCounts_) {
    exportedUnattributed_ = difference;
  } else if (*pendingCounts_ == counts) {
    if (now - pendingSince_ >= kUnattributedSettle) {
      exportedUnattributed_ = std::max(exportedUnattributed_, difference);
    }
    return exportedUnattributed_;
  }
  pendingCounts_ = counts;
  pendingSince_ = now;
  return exportedUnattributed_;
}

OomStats::Counters OomStats::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

}  // namespace memwatch
