#pragma once

#include <filesystem>
#include <optional>

#include "collectors/base/whole_file.h"
#include "collectors/core/metric_family.h"
#include "collectors/procfs/open_fd_count.h"

namespace memwatch {

// The standard client-library process_* metrics for the daemon itself. They always describe this
// process, so they read the real /proc/self and /proc/stat, never --path.procfs. A metric whose
// source cannot be read is left out rather than reported as 0.
class ProcessCollector {
 public:
  explicit ProcessCollector(std::filesystem::path procfs = "/proc");
  Families collect() const;

 private:
  const std::filesystem::path procfs_;
  const ScrapedFile selfStat_;
  const OpenFdCount openFds_;
  const double ticksPerSecond_;
  const double pageSizeBytes_;
  // Never changes, and /proc/stat is one of the costlier files to read: computed once.
  const std::optional<double> startTimeSeconds_;
};

}  // namespace memwatch
