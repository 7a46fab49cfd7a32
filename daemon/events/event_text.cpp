// The one-line descriptions of OOM kills, journal floods starting and ending and pressure
// triggers firing, built with fmt; sizes in MiB, rates rounded to whole numbers.
#include "daemon/events/event_text.h"

#include <fmt/format.h>

namespace memwatch {

std::string describeOomKill(const OomKill& kill) {
  // A userspace killer kills a whole cgroup (systemd-oomd) or names one process (earlyoom).
  std::string text = kill.killer == "kernel" ? "OOM kill" : "OOM kill by " + kill.killer;
  if (kill.pid != 0) text += fmt::format(": pid {} ({})", kill.pid, kill.comm);
  if (!kill.unit.empty()) text += (kill.pid != 0 ? " in " : ": ") + kill.unit;
  if (kill.killer != "kernel") {
    if (!kill.reason.empty()) text += ", reason " + kill.reason;
    if (!kill.cgroup.empty()) text += ", cgroup " + kill.cgroup;
    return text;
  }
  text += fmt::format(", constraint {}, anon-rss {} MiB, total-vm {} MiB", kill.constraint,
                      kill.anonRssBytes >> 20, kill.totalVmBytes >> 20);
  if (!kill.cgroup.empty()) text += ", cgroup " + kill.cgroup;
  if (kill.invokedBy) text += ", invoked by " + *kill.invokedBy;
  return text;
}

std::string describeJournalFlood(const JournalFlood& flood) {
  if (flood.started) {
    return fmt::format(
        "journal flood started: {} logs {:.0f} entries/s, {:.0f} bytes/s (thresholds {:.0f} "
        "entries/s, {:.0f} bytes/s)",
        flood.producer, flood.entriesPerSecond, flood.bytesPerSecond,
        flood.thresholds.entriesPerSecond, flood.thresholds.bytesPerSecond);
  }
  return fmt::format("journal flood ended: {} is down to {:.0f} entries/s, {:.0f} bytes/s",
                     flood.producer, flood.entriesPerSecond, flood.bytesPerSecond);
}

std::string describeMemoryPressure(const MemoryPressure& pressure) {
  return fmt::format("{} pressure: {} {} us stalled within {} us (avg10 {:.2f}%)",
                     pressure.resource, pressure.kind, pressure.stallMicroseconds,
                     pressure.windowMicroseconds, pressure.avg10);
}

std::string describeEvent(const Event& event) {
  return std::visit(
      Overloaded{[](const OomKill& kill) { return describeOomKill(kill); },
                 [](const JournalFlood& flood) { return describeJournalFlood(flood); },
                 [](const MemoryPressure& pressure) { return describeMemoryPressure(pressure); }},
      event.what);
}

}  // namespace memwatch
