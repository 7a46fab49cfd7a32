#pragma once

// What the OOM watchdog knows: kills by constraint and unit, lost records, its health.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "collectors/core/bounded_label_counter.h"
#include "collectors/events/oom_kill.h"

namespace memwatch {

// What memwatchd knows about OOM kills since it started: counters, and why the kernel log cannot
// be read if it cannot. The kmsg follower writes on the event loop thread; scrapes read on HTTP
// threads. It outlives configuration reloads, so a SIGHUP never resets a counter.
class OomStats {
 public:
  static constexpr const char* kConstraints[] = {"none", "memcg", "cpuset", "memory_policy"};
  static constexpr const char* kNoUnit = "none";  // kills outside any systemd unit

  // At most `unitSeries` units get a series of their own, the top ones by kills (see
  // BoundedLabelCounter), so that a host with many transient scopes cannot grow the series count;
  // the rest count under "other".
  using Clock = std::chrono::steady_clock;
  // How long a difference between vmstat's count and the kills read must last before
  // memwatch_oom_kills_unattributed_total takes it (see settleUnattributed).
  static constexpr Clock::duration kUnattributedSettle = std::chrono::seconds(1);

  explicit OomStats(std::size_t unitSeries, std::function<Clock::time_point()> clock = Clock::now);

  // Userspace killers memwatchd can hear of, with the constraint their kills carry: their series
  // exist, at 0, from the start, so that increase() sees the first kill.
  static constexpr std::pair<const char*, const char*> kUserspaceKillers[] = {
      {"systemd-oomd", "memcg"}, {"earlyoom", "none"}};

  // A kill the kernel log reported.
  void record(const OomKill& kill);
  // A kill by a userspace killer (systemd-oomd, earlyoom), heard of on D-Bus or in the journal:
  // counted by killer, and by unit with the kernel's, but not among the kills read from the
  // kernel log, which /proc/vmstat's count is checked against.
  void recordUserspace(const OomKill& kill);
  void countLostRecords(std::uint64_t records);
  // Set while the kernel log cannot be read (and why); cleared once it can.
  // `lasting`: a missing privilege, which stays until the operator acts (see Error::lasting).
  void setSourceError(std::optional<std::string> error, bool lasting = false);

  struct Counters {
    std::map<std::string, std::uint64_t> byConstraint;                       // the kernel's kills
    std::map<std::pair<std::string, std::string>, std::uint64_t> userspace;  // killer, constraint
    BoundedLabelCounter byUnit;
    std::uint64_t kills = 0;  // read from the kernel log
    std::uint64_t lostRecords = 0;
    std::optional<double> lastKillWallClockSeconds;
    std::optional<std::string> sourceError;
    bool sourceErrorLasting = false;
  };
  Counters counters() const;

  // memwatch_oom_kills_unattributed_total as exported, given vmstat's oom_kill and the kills
  // read. The kernel counts a kill just before it prints "Killed process", and the follower reads
  // the record a moment later still, so a difference taken in between is one too high and then
  // settles lower. A counter must never go down, and holding the high value would count that
  // kill twice; so the export rises only to the difference of counts that have both stayed the
  // same for kUnattributedSettle: by then the record of a counted kill has been read (two scrapes
  // a few milliseconds apart both see the gap, so a count of computations would not do; and the
  // same difference from two different kills in flight is not a settled one either), while a
  // kill that no record explains stays.
  // The first computation has nothing to compare with and exports the difference as it is (a
  // first sample of 0 followed by N would tell rate() that N kills had just happened). Kept here,
  // which outlives configuration reloads, so that a reload neither lowers it nor starts it over.
  double settleUnattributed(double kernelKills, std::uint64_t readKills);

 private:
  mutable std::mutex mutex_;
  Counters counters_;
  const std::function<Clock::time_point()> clock_;
  // The counts last seen (vmstat's, the kills read), unchanged since pendingSince_.
  std::optional<std::pair<double, std::uint64_t>> pendingCounts_;
  Clock::time_point pendingSince_;
  double exportedUnattributed_ = 0;
};

}  // namespace memwatch
