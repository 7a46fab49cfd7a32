#pragma once

// The buddyinfo collector: node_buddyinfo_blocks, free bytes and fragmentation.

#include <cstdint>
#include <filesystem>

#include "collectors/base/scraped_file.h"
#include "collectors/core/collector.h"

namespace memwatch {

// node_buddyinfo_blocks{node,zone,size} as node_exporter, plus per zone the free bytes, the
// largest free block and the unusable free space index per order, from <procfs>/buddyinfo.
class BuddyinfoCollector : public Collector {
 public:
  BuddyinfoCollector(std::filesystem::path procfs, std::uint64_t pageSizeBytes);
  std::string_view name() const override { return "buddyinfo"; }
  Expected<Families> collect() override;

 private:
  const ScrapedFile file_;
  const std::uint64_t pageSizeBytes_;
};

}  // namespace memwatch
