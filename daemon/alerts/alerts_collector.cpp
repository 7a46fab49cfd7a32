// AlertsCollector::collect(): sent, failed, dropped and queued per sink.
#include "daemon/alerts/alerts_collector.h"

namespace memwatch {

Expected<Families> AlertsCollector::collect() {
  auto sent = makeFamily("memwatch_alerts_sent_total",
                         "Alerts an Alertmanager accepted (counted once per Alertmanager), or "
                         "runs of alerts.command that exited with status 0.",
                         prometheus::MetricType::Counter);
  auto failed = makeFamily("memwatch_alerts_failed_total",
                           "Alerts in POSTs to Alertmanager that failed (each try), or runs of "
                           "alerts.command that failed to start, exited non-zero or were killed "
                           "at alerts.command-timeout.",
                           prometheus::MetricType::Counter);
  auto dropped = makeFamily("memwatch_alerts_dropped_total",
                            "Alerts (alertmanager) or events (command) dropped because the sink "
                            "held alerts.queue of them already.",
                            prometheus::MetricType::Counter);
  auto queued = makeFamily("memwatch_alerts_queue_length",
                           "Alerts held for Alertmanager (firing, and resolved ones still being "
                           "re-sent), or events waiting for alerts.command; at most alerts.queue.",
                           prometheus::MetricType::Gauge);
  for (const auto& [sink, counters] : sinks_) {
    addSample(sent, static_cast<double>(counters->sent.load()), {{"sink", sink}});
    addSample(failed, static_cast<double>(counters->failed.load()), {{"sink", sink}});
    addSample(dropped, static_cast<double>(counters->dropped.load()), {{"sink", sink}});
    addSample(queued, static_cast<double>(counters->queued.load()), {{"sink", sink}});
  }
  Families families;
  families.push_back(std::move(sent));
  families.push_back(std::move(failed));
  families.push_back(std::move(dropped));
  families.push_back(std::move(queued));
  return families;
}

}  // namespace memwatch
