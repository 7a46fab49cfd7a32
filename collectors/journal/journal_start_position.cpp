// positionAtStart(): the saved cursor if recent enough, else the catch-up limit or window, else
// the last entry, or the head of an empty journal.
#include "collectors/journal/journal_start_position.h"

#include <string>

namespace memwatch {

StartPosition positionAtStart(sd_journal* journal, std::string_view savedCursor, StartAt where,
                              std::uint64_t nowMicroseconds, std::uint64_t catchUpSeconds) {
  const std::uint64_t oldest = nowMicroseconds - catchUpSeconds * 1'000'000;
  StartPosition start;
  const std::string cursor(savedCursor);
  // seek_cursor then next lands on the saved entry when it still exists, else on the first
  // entry after where it was.
  if (!cursor.empty() && sd_journal_seek_cursor(journal, cursor.c_str()) >= 0 &&
      sd_journal_next(journal) > 0) {
    std::uint64_t entryTime = 0;
    sd_journal_get_realtime_usec(journal, &entryTime);
    if (entryTime < oldest) {
      sd_journal_seek_realtime_usec(journal, oldest);
      start.from = StartPosition::From::kCatchUpLimit;
      start.lastEntryMicroseconds = oldest;
      return start;
    }
    start.from = StartPosition::From::kSavedPosition;
    start.positioned = true;
    start.lastEntryMicroseconds = entryTime;
    // On the saved entry, counted before memwatchd stopped: the reader goes on after it. Or the
    // saved entry is gone (vacuumed) and this one is the first not yet counted. Not stepping
    // back onto its predecessor: at the head of the journal there is none, and
    // sd_journal_previous() would leave the position here, skipping this entry.
    start.pendingCurrent = sd_journal_test_cursor(journal, cursor.c_str()) <= 0;
    return start;
  }
  if (where == StartAt::kRecent) {
    sd_journal_seek_realtime_usec(journal, oldest);
    start.from = StartPosition::From::kCatchUpWindow;
    return start;
  }
  sd_journal_seek_tail(journal);
  // seek_tail leaves the position after the last entry; stepping back onto it makes the next
  // sd_journal_next() return the first new entry.
  if (sd_journal_previous(journal) > 0) {
    start.positioned = true;
    sd_journal_get_realtime_usec(journal, &start.lastEntryMicroseconds);
    return start;
  }
  // An empty journal (a namespace journald that has not written yet, a new directory). Left at
  // the tail, the first sd_journal_next() after entries arrive jumps to the newest of them and
  // skips the others; from the head it returns the first.
  sd_journal_seek_head(journal);
  start.from = StartPosition::From::kHeadOfEmpty;
  return start;
}

}  // namespace memwatch
