#pragma once

// The alerts an Alertmanager sink holds: events in, alerts with their times out, as Prometheus
// sends them.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "collectors/events/event.h"

namespace memwatch {

using AlertLabels = std::map<std::string, std::string>;

// One alert as POSTed to /api/v2/alerts; times are wall-clock seconds since the epoch.
struct SentAlert {
  AlertLabels labels;
  AlertLabels annotations;
  double startsAt = 0;
  double endsAt = 0;
};

struct AlertTableSettings {
  std::string instance;
  double resendIntervalSeconds = 60;
  double oomKillHoldSeconds = 15 * 60;
  double pressureHoldSeconds = 5 * 60;
  std::size_t capacity = 1024;
};

// The state machine behind the Alertmanager sink, with the time passed in so that tests drive
// it. Alerts are keyed by their labels:
//   MemwatchOOMKill        instance, unit (or comm when the victim was in no unit), killer
//   MemwatchJournalFlood   instance, producer
//   MemwatchMemoryPressure instance, resource, kind
// plus severity (critical for OOM kills, warning otherwise). A kill keeps its alert firing for
// the OOM kill hold after the last kill with those labels, a pressure trigger for the pressure
// hold; a flood fires until its end. A firing alert is sent with endsAt = now + 4 x the resend
// interval, as Prometheus does, so that Alertmanager keeps it while memwatchd lives and
// resolves it by itself within 4 intervals of memwatchd's death. A resolved alert is sent with
// endsAt = the moment it was resolved, and again at each sending for kResolvedResendSeconds, so
// that an Alertmanager that missed the first one (restarted, unreachable) still learns of it.
//
// The table holds at most `capacity` alerts, firing and resolved: the bound of the sink in
// alerts. A new alert beyond it drops the resolved alert resolved longest ago, else the firing
// alert that started first (Alertmanager then resolves that one by itself when its last endsAt
// passes); each counts in dropped().
class AlertTable {
 public:
  static constexpr double kResolvedResendSeconds = 15 * 60;
  static constexpr std::size_t kBatchSize = 256;  // alerts per POST at most

  explicit AlertTable(AlertTableSettings settings);

  // Applies an announced event at `now`; returns whether an alert changed (started, got new
  // details, resolved), which is worth a sending at once.
  bool apply(const Event& event, double now);
  // Resolves the alerts whose hold ran out and forgets those resolved for
  // kResolvedResendSeconds; returns whether any was resolved.
  bool advance(double now);
  // When advance() next has something to do; +infinity when never.
  double nextDeadline() const;
  // Every alert held, for a sending at `now`, in batches of at most kBatchSize.
  std::vector<std::vector<SentAlert>> batches(double now) const;

  std::size_t size() const { return alerts_.size(); }
  std::uint64_t dropped() const { return dropped_; }

 private:
  struct Held {
    AlertLabels annotations;
    double startsAt = 0;
    double firingUntil = 0;  // while firing: when its hold runs out (+infinity for a flood)
    bool resolved = false;
    double resolvedAt = 0;
    std::uint64_t events = 0;  // events folded into it since it started firing
    std::uint64_t made = 0;    // the order of its firing among all
  };

  // Makes room for one more alert when the table is full.
  void makeRoom();
  void fire(AlertLabels labels, AlertLabels annotations, double eventTime, double now,
            double holdSeconds);

  const AlertTableSettings settings_;
  std::map<AlertLabels, Held> alerts_;
  std::uint64_t dropped_ = 0;
  std::uint64_t made_ = 0;
};

}  // namespace memwatch
