#include "collectors/oom_kill_log.h"

#include <algorithm>

namespace memwatch {

OomKillLog::OomKillLog(std::size_t unitSeries) {
  counters_.byUnit = BoundedLabelCounter(unitSeries);
  for (const char* constraint : kConstraints) counters_.byConstraint[constraint] = 0;
}

void OomKillLog::record(const OomKill& kill) {
  std::lock_guard lock(mutex_);
  ++counters_.kills;
  ++counters_.byConstraint[kill.constraint];
  counters_.byUnit.add(kill.unit.empty() ? kNoUnit : kill.unit);
  counters_.lastKillWallClockSeconds =
      std::max(counters_.lastKillWallClockSeconds.value_or(0), kill.wallClockSeconds);
  recent_.push_front(kill);
  if (recent_.size() > kRecentKills) recent_.pop_back();
}

void OomKillLog::countLostRecords(std::uint64_t records) {
  std::lock_guard lock(mutex_);
  counters_.lostRecords += records;
}

void OomKillLog::setSourceError(std::optional<std::string> error, bool lasting) {
  std::lock_guard lock(mutex_);
  counters_.sourceErrorLasting = error && lasting;
  counters_.sourceError = std::move(error);
}

double OomKillLog::settleUnattributed(double difference) {
  std::lock_guard lock(mutex_);
  const double seenTwice =
      std::min(difference, previousUnattributedDifference_.value_or(difference));
  previousUnattributedDifference_ = difference;
  exportedUnattributed_ = std::max(exportedUnattributed_, seenTwice);
  return exportedUnattributed_;
}

OomKillLog::Counters OomKillLog::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

std::vector<OomKill> OomKillLog::recentKills() const {
  std::lock_guard lock(mutex_);
  return {recent_.begin(), recent_.end()};
}

}  // namespace memwatch
