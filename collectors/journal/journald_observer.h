#pragma once

// journald as memwatchd sees it: the process that writes the journal read, and its disk budget.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "collectors/journal/journal_source.h"

namespace memwatch {

// Looks journald up under the roots the settings give: its process under `procfs`
// (--path.procfs, where the journal collector then reads its CPU and memory), its configuration
// under `configRoot`.
class JournaldObserver {
 public:
  JournaldObserver(JournalSource source, std::filesystem::path procfs,
                   std::filesystem::path configRoot);

  // The pid of the journald writing the journal, 0 when there is none (a directory of files,
  // journald down). /proc is scanned only when the process last found is gone.
  int journaldPid();
  // What journald lets this journal's files use (journaldDiskBudget).
  std::optional<std::uint64_t> diskBudget() const;

 private:
  const JournalSource source_;
  const std::filesystem::path procfs_;
  const std::filesystem::path configRoot_;
  int pid_ = 0;
};

}  // namespace memwatch
