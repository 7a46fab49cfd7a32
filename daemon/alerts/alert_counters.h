#pragma once

// What each alert sink counts, read by the alerts collector while the sink's threads write it.

#include <atomic>
#include <cstdint>

namespace memwatch {

// memwatch_alerts_{sent,failed,dropped}_total and memwatch_alerts_queue_length of one sink.
// Atomics, since the sink's worker threads write them and scrapes read them on the HTTP workers.
struct AlertSinkCounters {
  // Alerts an Alertmanager accepted (once per Alertmanager); commands that exited with 0.
  std::atomic<std::uint64_t> sent{0};
  // Alerts in a POST that failed; commands that could not start, exited non-zero or were killed.
  std::atomic<std::uint64_t> failed{0};
  // Alerts or events dropped because the sink's bound (alerts.queue) was reached.
  std::atomic<std::uint64_t> dropped{0};
  // Alerts held for Alertmanager; events waiting for a command to run.
  std::atomic<std::uint64_t> queued{0};
};

}  // namespace memwatch
