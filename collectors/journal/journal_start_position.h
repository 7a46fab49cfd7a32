#pragma once

// Where the journal reader starts in a journal it has just opened.

#include <systemd/sd-journal.h>

#include <cstdint>
#include <string_view>

namespace memwatch {

// Without a saved position: at the tail when memwatchd starts, or at the first entry of the
// catch-up window for a journal that appeared since (kRecent).
enum class StartAt { kTail, kRecent };

struct StartPosition {
  enum class From {
    kSavedPosition,  // right after the saved entry, or at the first one after it (vacuumed)
    kCatchUpLimit,   // the saved entry is older than the catch-up window: from its start
    kCatchUpWindow,  // StartAt::kRecent without a saved position
    kTail,           // at the newest entry: only what comes next is counted
    kHeadOfEmpty,    // an empty journal: from its first entry, once there is one
  };
  From from = From::kTail;
  bool positioned = false;  // on an entry, whose cursor can be saved
  // The entry it is on is the first not yet counted (the saved one was vacuumed): the reader
  // counts it before moving on.
  bool pendingCurrent = false;
  std::uint64_t lastEntryMicroseconds = 0;  // realtime of the entry it is on, or where it starts
};

// Positions `journal` and says where. `savedCursor` is "" when there is none; the catch-up window
// is the `catchUpSeconds` before `nowMicroseconds`, wall-clock time.
StartPosition positionAtStart(sd_journal* journal, std::string_view savedCursor, StartAt where,
                              std::uint64_t nowMicroseconds, std::uint64_t catchUpSeconds);

}  // namespace memwatch
