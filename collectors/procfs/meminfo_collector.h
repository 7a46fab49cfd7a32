#pragma once

// The meminfo collector: node_memory_* from /proc/meminfo.

#include <filesystem>

#include "collectors/base/scraped_file.h"
#include "collectors/core/collector.h"

namespace memwatch {

// node_memory_* gauges from <procfs>/meminfo, one family per line, named as node_exporter does.
class MeminfoCollector : public Collector {
 public:
  explicit MeminfoCollector(std::filesystem::path procfs);
  std::string_view name() const override { return "meminfo"; }
  Expected<Families> collect() override;

 private:
  const ScrapedFile file_;
  const FamilyPattern family_;
};

}  // namespace memwatch
