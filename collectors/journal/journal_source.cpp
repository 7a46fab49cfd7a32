// JournalSource: sd_journal_open for a directory, a namespace or the local system journal, with
// a bounded data threshold.
#include "collectors/journal/journal_source.h"

#include <spdlog/spdlog.h>
#include <string.h>

namespace memwatch {

std::string JournalSource::describe() const {
  if (!directory.empty()) return "the journal in " + directory.string();
  if (!nameSpace.empty()) return "the journal namespace " + nameSpace;
  return "the system journal";
}

Expected<OpenJournal> JournalSource::open() const {
  sd_journal* journal = nullptr;
  int r;
  if (!directory.empty()) {
    r = sd_journal_open_directory(&journal, directory.c_str(), 0);
  } else if (!nameSpace.empty()) {
    r = sd_journal_open_namespace(&journal, nameSpace.c_str(), SD_JOURNAL_LOCAL_ONLY);
  } else {
    r = sd_journal_open(&journal, SD_JOURNAL_LOCAL_ONLY);
  }
  if (r < 0) return Error{.message = "cannot open " + describe() + ": " + strerror(-r)};
  OpenJournal opened(journal);
  // Fields are handed out up to kDataThresholdBytes, not the default 64 KiB, so that a MESSAGE is
  // counted to the byte up to that size (libsystemd applies the threshold while decompressing).
  // Not without a bound: sd-journal keeps the decompression buffer of each open file, and any
  // local user can log a highly compressible field of tens of MiB.
  if (r = sd_journal_set_data_threshold(journal, kDataThresholdBytes); r < 0) {
    spdlog::debug("journal: cannot lift the data threshold: {}", strerror(-r));
  }
  return opened;
}

}  // namespace memwatch
