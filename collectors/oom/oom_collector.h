#pragma once

// The oom collector: memwatch_oom_* and memwatch_kmsg_records_lost_total at scrape time.

#include <filesystem>
#include <memory>

#include "collectors/base/scraped_file.h"
#include "collectors/core/collector.h"
#include "collectors/oom/oom_stats.h"

namespace memwatch {

// memwatch_oom_* and memwatch_kmsg_records_lost_total from the kills the kmsg follower recorded,
// plus the kills /proc/vmstat counted that no kernel record explained.
class OomCollector : public Collector {
 public:
  OomCollector(std::filesystem::path procfs, std::shared_ptr<OomStats> stats);
  std::string_view name() const override { return "oom"; }
  Expected<Families> collect() override;

 private:
  const ScrapedFile vmstat_;
  const std::shared_ptr<OomStats> stats_;
};

}  // namespace memwatch
