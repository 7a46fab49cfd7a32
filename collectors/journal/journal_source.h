#pragma once

// Which journal memwatchd reads, and opening it with sd-journal.

#include <systemd/sd-journal.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "collectors/base/expected.h"

namespace memwatch {

struct JournalCloser {
  void operator()(sd_journal* journal) const { sd_journal_close(journal); }
};
using OpenJournal = std::unique_ptr<sd_journal, JournalCloser>;

// The local machine's journal (the default), a journald namespace, or a directory of files.
struct JournalSource {
  // Fields longer than this are read up to this length (a bigger MESSAGE counts this many
  // bytes): bounds the memory sd-journal uses to decompress one.
  static constexpr std::size_t kDataThresholdBytes = 4 << 20;

  std::string nameSpace;
  std::filesystem::path directory;

  // "the system journal", "the journal namespace x", "the journal in /d", for messages.
  std::string describe() const;
  // Opens it for reading (local files only) with kDataThresholdBytes; the error says why not.
  Expected<OpenJournal> open() const;
};

}  // namespace memwatch
