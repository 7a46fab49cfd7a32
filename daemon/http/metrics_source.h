#pragma once

// What /metrics serves: the collectors, build info and process metrics.

#include <prometheus/collectable.h>

#include <memory>
#include <mutex>

#include "collectors/core/collector_set.h"
#include "collectors/procfs/process_metrics.h"

namespace memwatch {

// What /metrics serves: the configured collectors, memwatch_build_info and the process_* metrics.
// Collect() runs on the HTTP workers; SIGHUP swaps the collector set under it without waiting
// for a scrape in flight, which keeps the old set alive through its shared_ptr.
class MetricsSource : public prometheus::Collectable {
 public:
  explicit MetricsSource(std::shared_ptr<CollectorSet> collectors);

  void replaceCollectors(std::shared_ptr<CollectorSet> collectors);
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<CollectorSet> collectors_;
  ProcessMetrics process_;
};

}  // namespace memwatch
