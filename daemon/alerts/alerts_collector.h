#pragma once

// The alerts collector: memwatch_alerts_* of the configured alert sinks.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "collectors/core/collector.h"
#include "daemon/alerts/alert_counters.h"

namespace memwatch {

// Named "alerts" (node_scrape_collector_success{collector="alerts"}); present only when a sink
// is configured. Reads the sinks' counters, which outlive any number of these collectors.
class AlertsCollector : public Collector {
 public:
  using Sink = std::pair<std::string, std::shared_ptr<const AlertSinkCounters>>;
  explicit AlertsCollector(std::vector<Sink> sinks) : sinks_(std::move(sinks)) {}

  std::string_view name() const override { return "alerts"; }
  Expected<Families> collect() override;

 private:
  const std::vector<Sink> sinks_;
};

}  // namespace memwatch
