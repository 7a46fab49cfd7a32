#pragma once

// Follows a journal on the event loop and counts each entry as it arrives.

#include <systemd/sd-event.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "collectors/base/backoff.h"
#include "collectors/base/scoped_event_source.h"
#include "collectors/base/wall_clock.h"
#include "collectors/events/event_publisher.h"
#include "collectors/journal/journal_cursor_file.h"
#include "collectors/journal/journal_source.h"
#include "collectors/journal/journal_start_position.h"
#include "collectors/journal/journal_stats.h"
#include "collectors/journal/journald_observer.h"
#include "collectors/journal/userspace_kill_record.h"

namespace memwatch {

// What the reader reads and where it keeps its position.
struct JournalReaderSetup {
  JournalSource source;
  std::filesystem::path stateFile;   // the saved position; empty for none
  std::filesystem::path procfs;      // where journald's process is looked up
  std::filesystem::path configRoot;  // where journald.conf is read
  std::string earlyoomUnit = {};     // see UserspaceKillRecognizer
  std::function<std::uint64_t()> wallClock = wallClockMicroseconds;  // µs since the epoch
};

// Follows a journal on the sd-event loop, woken by the journal's own fd (inotify), never by
// polling: each new entry is summarised in one pass over its fields and counted in JournalStats,
// and the floods it starts or ends are published. Starts at the tail, or right after the cursor
// saved in the state file so that entries written while memwatchd was down are counted too (at
// most the last kCatchUpSeconds of them). The cursor is saved every kHousekeepingSeconds and at
// exit.
//
// Floods are judged on the journal's clock: each entry at its own timestamp, and the silence
// after the last one on the wall clock, but only once the reader has read everything (while it
// is behind or cannot read, time stands at the last entry read, so no flood ends for want of
// entries that are merely unread). Floods that start in entries older than kLiveSeconds when
// read (catching up) are published unannounced, and so are their ends.
//
// When sd_journal_next() fails (a damaged or truncated file), the collector reports the error
// (success 0), the reader logs it once and retries after kRetryMinMicroseconds, doubling up to
// kRetryMaxMicroseconds, and at once when journal files are added or removed; the reader lag
// keeps growing meanwhile. A journal that cannot be opened, or has no files yet, is looked for
// again after 1, 2, 4 and 8 s, then every kHousekeepingSeconds.
//
// Following is in journal_reader.cpp, the housekeeping tick in journal_housekeeping.cpp.
class JournalReader {
 public:
  static constexpr std::uint64_t kCatchUpSeconds = 3600;
  static constexpr std::uint64_t kHousekeepingSeconds = 10;
  static constexpr std::uint64_t kLiveSeconds = 2 * kHousekeepingSeconds;
  // Entries handled per event-loop turn, so that signals and the watchdog are served during a
  // long catch-up.
  static constexpr int kBatchEntries = 20000;
  // After reading, the journal's fd is left unwatched this long: journald changes its files
  // once per entry, and a flood would otherwise wake the reader for every few entries. What
  // arrives meanwhile is read in one go, at most this much later.
  static constexpr std::uint64_t kCoalesceMicroseconds = 50'000;
  static constexpr std::uint64_t kRetryMinMicroseconds = 1'000'000;
  static constexpr std::uint64_t kRetryMaxMicroseconds = 30'000'000;

  // Never fails: a journal that cannot be opened is the journal collector's error.
  JournalReader(sd_event* loop, JournalReaderSetup setup, std::shared_ptr<JournalStats> stats,
                EventPublisher& events);
  ~JournalReader();
  JournalReader(const JournalReader&) = delete;
  JournalReader& operator=(const JournalReader&) = delete;

 private:
  static int onJournalReadable(sd_event_source* source, int fd, uint32_t revents, void* self);
  static int onContinue(sd_event_source* source, void* self);
  static int onHousekeeping(sd_event_source* source, uint64_t usec, void* self);
  static int onCoalesced(sd_event_source* source, uint64_t usec, void* self);
  static int onRetry(sd_event_source* source, uint64_t usec, void* self);

  bool open();
  void close();
  void startAt(StartAt where);
  void reopen(StartAt where);
  void drain();
  void countCurrentEntry(std::uint64_t liveAfter);
  void readFailed(int error);
  void readRecovered();
  void pauseWatching();
  void updateLag();
  std::int64_t floodClock() const;
  void housekeeping();
  std::uint64_t nextHousekeepingMicroseconds();
  void saveCursor();
  void updateSourceError();
  // The current entry's value of one field, or nothing.
  std::optional<std::string> currentField(std::string_view name);
  void armTimer(ScopedEventSource& timer, std::uint64_t microseconds,
                sd_event_time_handler_t handler);

  sd_event* const loop_;
  const JournalSource source_;
  JournalCursorFile cursorFile_;
  JournaldObserver journald_;
  const std::function<std::uint64_t()> wallClock_;
  const std::shared_ptr<JournalStats> stats_;
  EventPublisher& events_;
  UserspaceKillRecognizer userspaceKills_;
  OpenJournal journal_;
  ScopedEventSource ioSource_;
  ScopedEventSource continueSource_;
  ScopedEventSource housekeepingTimer_;
  ScopedEventSource coalesceTimer_;
  ScopedEventSource retryTimer_;
  bool positioned_ = false;  // on an entry whose cursor can be saved
  // The current entry is the first not yet counted (the saved one was vacuumed): drain() counts
  // it before moving on.
  bool pendingCurrent_ = false;
  bool caughtUp_ = false;            // the last drain() read up to the end of the journal
  std::uint64_t lastEntryTime_ = 0;  // realtime of the last entry read (or resumed at), µs
  // What makes the collector fail, most fundamental first.
  std::optional<std::string> openError_;
  std::optional<std::string> readError_;
  std::optional<std::string> noFilesError_;
  Backoff lookAgain_{1'000'000, kHousekeepingSeconds * 1'000'000};  // for the journal itself
  Backoff readRetry_{kRetryMinMicroseconds, kRetryMaxMicroseconds};
  std::optional<int> processError_;
};

}  // namespace memwatch
