#pragma once

// The alert sinks the configuration asks for, and the collector of their counters.

#include <memory>
#include <vector>

#include "collectors/core/collector.h"
#include "daemon/alerts/alerts_collector.h"
#include "daemon/config/alert_settings.h"
#include "daemon/events/event_sink.h"

namespace memwatch {

// Made once at start from the alerts.* settings: a CommandSink when alerts.command is set, an
// AlertmanagerSink when any alerts.alertmanager-url is. Neither is wrapped in a QueuedSink:
// each bounds itself in alerts or events, and counts what it drops.
class AlertSinks {
 public:
  explicit AlertSinks(const AlertSettings& settings);

  const std::vector<std::shared_ptr<EventSink>>& sinks() const { return sinks_; }
  // The "alerts" collector over the sinks' counters; nothing when no sink is configured.
  std::unique_ptr<Collector> makeCollector() const;

 private:
  std::vector<std::shared_ptr<EventSink>> sinks_;
  std::vector<AlertsCollector::Sink> counters_;
};

}  // namespace memwatch
