#pragma once

// The journal collector: memwatch_journal_* and memwatch_journald_* at scrape time.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "collectors/core/collector.h"
#include "collectors/journal/journal_stats.h"

namespace memwatch {

// memwatch_journal_* and memwatch_journald_* from what the journal reader counted, plus
// journald's own CPU and memory from /proc, or from its unit's cgroup where /proc hides it.
class JournalCollector : public Collector {
 public:
  // `journaldNamespace`: the namespace of the journald writing the journal read ("" for the
  // system journal's), none when memwatchd reads a directory of files.
  JournalCollector(std::filesystem::path procfs, std::filesystem::path sysfs,
                   std::optional<std::string> journaldNamespace,
                   std::shared_ptr<JournalStats> stats);
  std::string_view name() const override { return "journal"; }
  Expected<Families> collect() override;

 private:
  const std::filesystem::path procfs_;
  const std::filesystem::path sysfs_;
  const std::optional<std::string> journaldNamespace_;
  const std::shared_ptr<JournalStats> stats_;
};

}  // namespace memwatch
