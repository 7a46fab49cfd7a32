#pragma once

// The pressure collector: node_pressure_* and memwatch_pressure_ratio from /proc/pressure, and
// what the PSI triggers did.

#include <filesystem>
#include <memory>
#include <vector>

#include "collectors/base/scraped_file.h"
#include "collectors/core/collector.h"
#include "collectors/procfs/pressure_trigger_stats.h"

namespace memwatch {

// node_pressure_* counters (node_exporter's names) and
// memwatch_pressure_ratio{resource,kind,window} gauges (the kernel's avg10/avg60/avg300) from
// <procfs>/pressure/{cpu,io,memory,irq}. A kernel without PSI, or with PSI disabled, is "no data";
// irq is read only where it exists. With `triggers`, also memwatch_pressure_triggers and the
// trigger event and suppression counters.
class PressureCollector : public Collector {
 public:
  explicit PressureCollector(std::filesystem::path procfs,
                             std::shared_ptr<const PressureTriggerStats> triggers = nullptr);
  std::string_view name() const override { return "pressure"; }
  Expected<Families> collect() override;

 private:
  std::vector<std::unique_ptr<ScrapedFile>> files_;  // one per resource, as kResources
  const std::shared_ptr<const PressureTriggerStats> triggers_;
};

}  // namespace memwatch
