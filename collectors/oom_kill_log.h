#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "collectors/bounded_label_counter.h"
#include "collectors/oom_kill.h"

namespace memwatch {

// What memwatchd knows about OOM kills since it started: counters, the recent kills, and why the
// kernel log cannot be read if it cannot. The kmsg follower writes on the event loop thread;
// scrapes and /api/v1/oom-kills read on HTTP threads. It outlives configuration reloads, so a
// SIGHUP never resets a counter.
class OomKillLog {
 public:
  static constexpr std::size_t kRecentKills = 256;
  static constexpr const char* kConstraints[] = {"none", "memcg", "cpuset", "memory_policy"};
  static constexpr const char* kNoUnit = "none";  // kills outside any systemd unit

  // At most `unitSeries` units get a series of their own, first come first served, so that a
  // host with many transient scopes cannot grow the series count; the rest count under "other".
  explicit OomKillLog(std::size_t unitSeries);

  void record(const OomKill& kill);
  void countLostRecords(std::uint64_t records);
  // Set while the kernel log cannot be read (and why); cleared once it can.
  void setSourceError(std::optional<std::string> error);

  struct Counters {
    std::map<std::string, std::uint64_t> byConstraint;
    BoundedLabelCounter byUnit;
    std::uint64_t kills = 0;
    std::uint64_t lostRecords = 0;
    std::optional<double> lastKillWallClockSeconds;
    std::optional<std::string> sourceError;
  };
  Counters counters() const;
  // Newest first.
  std::vector<OomKill> recentKills() const;

 private:
  mutable std::mutex mutex_;
  Counters counters_;
  std::deque<OomKill> recent_;  // newest at the front
};

}  // namespace memwatch
