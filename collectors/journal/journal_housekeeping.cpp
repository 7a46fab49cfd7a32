// JournalReader's housekeeping tick: the ends of floods that went quiet, journald's process and
// disk budget, journal files that appear or vanish, and the saved position.

#include <algorithm>
#include <cstdlib>

#include "collectors/journal/journal_reader.h"

namespace memwatch {

int JournalReader::onHousekeeping(sd_event_source* source, uint64_t usec, void* self) {
  auto* reader = static_cast<JournalReader*>(self);
  reader->housekeeping();
  reader->saveCursor();
  sd_event_source_set_time(source, usec + reader->nextHousekeepingMicroseconds());
  sd_event_source_set_enabled(source, SD_EVENT_ON);
  return 0;
}

std::uint64_t JournalReader::nextHousekeepingMicroseconds() {
  // While a producer floods, look every second so that its end is seen within a second;
  // otherwise every kHousekeepingSeconds. While there are no journal files yet, or the journal
  // cannot be opened, sooner at first (lookAgain_), so that a journal that appears soon after
  // start is found within a second or two.
  std::uint64_t interval = kHousekeepingSeconds * 1'000'000;
  if (stats_->anyFlooding()) interval = 1'000'000;
  if (noFilesError_ || openError_) return std::min(lookAgain_.next(), interval);
  lookAgain_.reset();
  return interval;
}

void JournalReader::housekeeping() {
  for (const Event& ended : stats_->tick(floodClock())) events_.publish(ended);
  stats_->setJournaldPid(journald_.journaldPid());
  if (!journal_) {
    // The open failed (a directory not there yet, no descriptors left): try again, backing off
    // as while there are no files. What a journal that could not be opened holds is counted
    // from the last kCatchUpSeconds: most often it did not exist when memwatchd started.
    reopen(StartAt::kRecent);
    if (!journal_) return;
  }
  if (!caughtUp_) updateLag();
  std::uint64_t usage = 0;
  int r = sd_journal_get_usage(journal_.get(), &usage);
  if (r >= 0 && usage == 0) {
    // sd-journal does not notice a namespace directory created after it was opened (a namespace
    // journald started after memwatchd): with nothing open, opening again costs nothing. What
    // the journal holds then was written after memwatchd started, when it had none.
    reopen(StartAt::kRecent);
    if (!journal_) return;
    r = sd_journal_get_usage(journal_.get(), &usage);
  }
  std::optional<std::uint64_t> diskUsage;
  if (r >= 0) diskUsage = usage;
  if (r >= 0 && usage == 0) {
    noFilesError_ = "no journal files found for " + source_.describe();
  } else {
    noFilesError_.reset();
  }
  updateSourceError();
  stats_->setDiskUsage(diskUsage, journald_.diskBudget());
}

void JournalReader::saveCursor() {
  if (!journal_ || !positioned_) return;
  char* cursor = nullptr;
  if (sd_journal_get_cursor(journal_.get(), &cursor) < 0) return;
  cursorFile_.save(cursor);
  free(cursor);
}

}  // namespace memwatch
