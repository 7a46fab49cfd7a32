// AlertTable: events folded into alerts keyed by labels, holds running out into resolutions,
// resolved alerts kept for 15 minutes, the bound in alerts, batches of 256.
#include "daemon/alerts/alert_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <tuple>

#include "collectors/base/utf8.h"
#include "daemon/events/event_text.h"

namespace memwatch {
namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

std::string number(double value) { return fmt::format("{}", value); }

// Label values and annotations come from the host (a comm, a producer); Alertmanager wants
// UTF-8 and no empty label values, which mean "no such label" to it.
void put(AlertLabels& into, std::string name, std::string_view value) {
  if (!value.empty()) into.emplace(std::move(name), toValidUtf8(value));
}

}  // namespace

AlertTable::AlertTable(AlertTableSettings settings) : settings_(std::move(settings)) {}

bool AlertTable::apply(const Event& event, double now) {
  return std::visit(
      Overloaded{
          [&](const OomKill& kill) {
            AlertLabels labels;
            put(labels, "alertname", "MemwatchOOMKill");
            put(labels, "instance", settings_.instance);
            put(labels, kill.unit.empty() ? "comm" : "unit",
                kill.unit.empty() ? kill.comm : kill.unit);
            put(labels, "killer", kill.killer);
            put(labels, "severity", "critical");
            AlertLabels annotations;
            put(annotations, "summary",
                fmt::format("OOM kill of {} (pid {}){}", kill.comm, kill.pid,
                            kill.unit.empty() ? "" : " in " + kill.unit));
            put(annotations, "description", describeOomKill(kill));
            put(annotations, "pid", std::to_string(kill.pid));
            put(annotations, "comm", kill.comm);
            if (kill.uid) put(annotations, "uid", std::to_string(*kill.uid));
            put(annotations, "cgroup", kill.cgroup);
            put(annotations, "unit", kill.unit);
            put(annotations, "constraint", kill.constraint);
            put(annotations, "anon_rss_bytes", std::to_string(kill.anonRssBytes));
            put(annotations, "total_vm_bytes", std::to_string(kill.totalVmBytes));
            if (kill.invokedBy) put(annotations, "invoked_by", *kill.invokedBy);
            fire(std::move(labels), std::move(annotations), kill.wallClockSeconds, now,
                 settings_.oomKillHoldSeconds);
            return true;
          },
          [&](const JournalFlood& flood) {
            AlertLabels labels;
            put(labels, "alertname", "MemwatchJournalFlood");
            put(labels, "instance", settings_.instance);
            put(labels, "producer", flood.producer);
            put(labels, "severity", "warning");
            if (!flood.started) {
              auto it = alerts_.find(labels);
              if (it == alerts_.end() || it->second.resolved) return false;
              it->second.resolved = true;
              it->second.resolvedAt = now;
              return true;
            }
            AlertLabels annotations;
            put(annotations, "summary", fmt::format("{} floods the journal", flood.producer));
            put(annotations, "description", describeJournalFlood(flood));
            put(annotations, "entries_per_second", number(flood.entriesPerSecond));
            put(annotations, "bytes_per_second", number(flood.bytesPerSecond));
            put(annotations, "threshold_entries_per_second",
                number(flood.thresholds.entriesPerSecond));
            put(annotations, "threshold_bytes_per_second", number(flood.thresholds.bytesPerSecond));
            fire(std::move(labels), std::move(annotations), flood.wallClockSeconds, now, kForever);
            return true;
          },
          [&](const MemoryPressure& pressure) {
            AlertLabels labels;
            put(labels, "alertname", "MemwatchMemoryPressure");
            put(labels, "instance", settings_.instance);
            put(labels, "resource", pressure.resource);
            put(labels, "kind", pressure.kind);
            put(labels, "severity", "warning");
            AlertLabels annotations;
            put(annotations, "summary",
                fmt::format("{} pressure ({}) on {}", pressure.resource, pressure.kind,
                            settings_.instance));
            put(annotations, "description", describeMemoryPressure(pressure));
            put(annotations, "avg10", number(pressure.avg10));
            put(annotations, "stall_us", std::to_string(pressure.stallMicroseconds));
            put(annotations, "window_us", std::to_string(pressure.windowMicroseconds));
            fire(std::move(labels), std::move(annotations), pressure.wallClockSeconds, now,
                 settings_.pressureHoldSeconds);
            return true;
          }},
      event.what);
}

void AlertTable::fire(AlertLabels labels, AlertLabels annotations, double eventTime, double now,
                      double holdSeconds) {
  auto it = alerts_.find(labels);
  if (it == alerts_.end()) {
    makeRoom();
    it = alerts_.emplace(std::move(labels), Held{}).first;
  }
  Held& held = it->second;
  if (held.events == 0 || held.resolved) {
    // A new firing: a resolved alert that fires again is a new alert for Alertmanager.
    held = Held{};
    held.made = ++made_;
    held.startsAt = eventTime > 0 && eventTime <= now ? eventTime : now;
  }
  ++held.events;
  if (held.events > 1) annotations.emplace("events", std::to_string(held.events));
  held.annotations = std::move(annotations);
  held.firingUntil = now + holdSeconds;
}

void AlertTable::makeRoom() {
  if (alerts_.size() < settings_.capacity || alerts_.empty()) return;
  // Resolved alerts first, resolved longest ago; then firing ones, started first; ties go to
  // the one made first.
  const auto rank = [](const Held& held) {
    return std::make_tuple(!held.resolved, held.resolved ? held.resolvedAt : held.startsAt,
                           held.made);
  };
  auto victim = std::min_element(alerts_.begin(), alerts_.end(), [&](const auto& a, const auto& b) {
    return rank(a.second) < rank(b.second);
  });
  alerts_.erase(victim);
  ++dropped_;
}

bool AlertTable::advance(double now) {
  bool resolvedAny = false;
  for (auto it = alerts_.begin(); it != alerts_.end();) {
    Held& held = it->second;
    if (!held.resolved && held.firingUntil <= now) {
      held.resolved = true;
      held.resolvedAt = now;
      resolvedAny = true;
    }
    if (held.resolved && held.resolvedAt + kResolvedResendSeconds <= now) {
      it = alerts_.erase(it);
    } else {
      ++it;
    }
  }
  return resolvedAny;
}

double AlertTable::nextDeadline() const {
  double next = kForever;
  for (const auto& [labels, held] : alerts_) {
    next =
        std::min(next, held.resolved ? held.resolvedAt + kResolvedResendSeconds : held.firingUntil);
  }
  return next;
}

std::vector<std::vector<SentAlert>> AlertTable::batches(double now) const {
  std::vector<std::vector<SentAlert>> out;
  for (const auto& [labels, held] : alerts_) {
    if (out.empty() || out.back().size() == kBatchSize) out.emplace_back();
    out.back().push_back(SentAlert{
        .labels = labels,
        .annotations = held.annotations,
        .startsAt = held.startsAt,
        // Alertmanager refuses a batch with an alert that ends before it starts (a wall clock
        // set back since it started): it ends no earlier than it starts.
        .endsAt =
            std::max(held.startsAt,
                     held.resolved ? held.resolvedAt : now + 4 * settings_.resendIntervalSeconds)});
  }
  return out;
}

}  // namespace memwatch
