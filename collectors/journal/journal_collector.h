#pragma once

// The journal collector: memwatch_journal_* and memwatch_journald_* at scrape time.

#include <filesystem>
#include <memory>

#include "collectors/core/collector.h"
#include "collectors/journal/journal_stats.h"

namespace memwatch {

// memwatch_journal_* and memwatch_journald_* from what the journal reader counted, plus
// journald's own CPU and memory from /proc.
class JournalCollector : public Collector {
 public:
  JournalCollector(std::filesystem::path procfs, std::shared_ptr<JournalStats> stats);
  std::string_view name() const override { return "journal"; }
  Expected<Families> collect() override;

 private:
  const std::filesystem::path procfs_;
  const std::shared_ptr<JournalStats> stats_;
};

}  // namespace memwatch
