#pragma once

#include <systemd/sd-event.h>
#include <systemd/sd-journal.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "collectors/events/event_publisher.h"
#include "collectors/journal/journal_cursor_file.h"
#include "collectors/journal/journal_stats.h"

namespace memwatch {

// Which journal to read: the local machine's (default), a journald namespace, or a directory.
struct JournalSource {
  std::string nameSpace;
  std::filesystem::path directory;

  std::string describe() const;
};

// Follows a journal on the sd-event loop, woken by the journal's own fd (inotify), never by
// polling: each new entry is summarised in one pass over its fields and counted in JournalStats.
// Starts at the tail, or right after the cursor saved in `stateFile` so that entries written
// while memwatchd was down are counted too (at most the last kCatchUpSeconds of them). The
// cursor is saved every kHousekeepingSeconds and at exit.
//
// Floods are judged on the journal's clock: each entry at its own timestamp, and the silence
// after the last one on the wall clock, but only once the reader has read everything (while it
// is behind or cannot read, time stands at the last entry read, so no flood ends for want of
// entries that are merely unread). Floods that start in entries older than kLiveSeconds when
// read (catching up) are counted but not announced, and neither are their ends.
//
// When sd_journal_next() fails (a damaged or truncated file), the collector reports the error
// (success 0), the reader logs it once and retries after kRetryMinMicroseconds, doubling up to
// kRetryMaxMicroseconds, and at once when journal files are added or removed; the reader lag
// keeps growing meanwhile.
class JournalReader {
 public:
  static constexpr std::uint64_t kCatchUpSeconds = 3600;
  // Fields longer than this are read up to this length (a bigger MESSAGE counts this many bytes).
  static constexpr std::size_t kDataThresholdBytes = 4 << 20;
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

  // Never fails: a journal that cannot be opened is the journal collector's error. Entries are
  // counted in `stats`; the floods they start and end are published to `events`.
  JournalReader(sd_event* event, JournalSource source, std::filesystem::path stateFile,
                std::shared_ptr<JournalStats> stats, EventPublisher& events);
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
  // Without a saved position: at the tail when memwatchd starts, or, for a journal that
  // appeared since (kRecent), at its first entry of the last kCatchUpSeconds.
  enum class StartAt { kTail, kRecent };
  void seekToStart(StartAt where = StartAt::kTail);
  void reopen(StartAt where);
  void drain();
  void countCurrentEntry(std::uint64_t liveAfter);
  void readFailed(int error);
  void readRecovered();
  void updateLag();
  std::int64_t floodClock() const;
  void housekeeping();
  void saveCursor();
  void refreshJournaldPid();
  void publishError();

  sd_event* const event_;
  const JournalSource source_;
  JournalCursorFile cursorFile_;
  const std::shared_ptr<JournalStats> stats_;
  EventPublisher& events_;
  sd_journal* journal_ = nullptr;
  sd_event_source* ioSource_ = nullptr;
  sd_event_source* continueSource_ = nullptr;
  sd_event_source* timerSource_ = nullptr;
  sd_event_source* coalesceSource_ = nullptr;
  sd_event_source* retrySource_ = nullptr;
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
  int noFilesTicks_ = 0;  // housekeeping ticks without journal files, for the back-off
  std::uint64_t retryMicroseconds_ = 0;
  std::optional<int> processError_;
  int journaldPid_ = 0;
};

}  // namespace memwatch
