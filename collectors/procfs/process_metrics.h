#pragma once

// The standard process_* metrics of memwatchd's own process.

#include <filesystem>
#include <optional>

#include "collectors/base/scraped_file.h"
#include "collectors/core/metric_family.h"
#include "collectors/procfs/open_fd_count.h"

namespace memwatch {

// The standard client-library process_* metrics for the daemon itself. They always describe this
// process, so they read the real /proc/self and /proc/stat, never --path.procfs. A metric whose
// source cannot be read is left out rather than reported as 0.
class ProcessMetrics {
 public:
  explicit ProcessMetrics(std::filesystem::path procfs = "/proc");
  Families collect() const;

 private:
  const std::filesystem::path procfs_;
  const ScrapedFile selfStat_;
  const OpenFdCount openFds_;
  // Never changes, and /proc/stat is one of the costlier files to read: computed once.
  const std::optional<double> startTimeSeconds_;
};

}  // namespace memwatch
