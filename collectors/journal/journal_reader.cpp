#include "collectors/journal/journal_reader.h"

#include <spdlog/spdlog.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <system_error>

#include "collectors/base/wall_clock.h"
#include "collectors/journal/journal_entry.h"
#include "collectors/journal/journald_limits.h"
#include "collectors/journal/journald_process.h"

namespace memwatch {
namespace {

std::string errnoText(int negativeErrno) { return strerror(-negativeErrno); }

}  // namespace

std::string JournalSource::describe() const {
  if (!directory.empty()) return "the journal in " + directory.string();
  if (!nameSpace.empty()) return "the journal namespace " + nameSpace;
  return "the system journal";
}

JournalReader::JournalReader(sd_event* event, JournalSource source, std::filesystem::path stateFile,
                             std::shared_ptr<JournalStats> stats, EventPublisher& events)
    : event_(event),
      source_(std::move(source)),
      cursorFile_(std::move(stateFile)),
      stats_(std::move(stats)),
      events_(events) {
  if (open()) {
    seekToStart();
    drain();
  }
  housekeeping();
  const std::uint64_t firstTick =
      noFilesError_ || openError_ ? 1'000'000 : std::uint64_t{kHousekeepingSeconds} * 1'000'000;
  int r = sd_event_add_time_relative(event_, &timerSource_, CLOCK_MONOTONIC, firstTick, 0,
                                     &JournalReader::onHousekeeping, this);
  if (r < 0) spdlog::error("journal: cannot add the housekeeping timer: {}", errnoText(r));
}

JournalReader::~JournalReader() {
  saveCursor();
  sd_event_source_disable_unref(ioSource_);
  sd_event_source_disable_unref(continueSource_);
  sd_event_source_disable_unref(timerSource_);
  sd_event_source_disable_unref(coalesceSource_);
  sd_event_source_disable_unref(retrySource_);
  sd_journal_close(journal_);
}

void JournalReader::publishError() {
  std::optional<std::string> error = openError_;
  if (!error) error = readError_;
  if (!error) error = noFilesError_;
  stats_->setSourceError(std::move(error));
}

bool JournalReader::open() {
  int r;
  if (!source_.directory.empty()) {
    r = sd_journal_open_directory(&journal_, source_.directory.c_str(), 0);
  } else if (!source_.nameSpace.empty()) {
    r = sd_journal_open_namespace(&journal_, source_.nameSpace.c_str(), SD_JOURNAL_LOCAL_ONLY);
  } else {
    r = sd_journal_open(&journal_, SD_JOURNAL_LOCAL_ONLY);
  }
  if (r < 0) {
    openError_ = "cannot open " + source_.describe() + ": " + errnoText(r);
    publishError();
    return false;
  }
  // Fields are handed out up to kDataThresholdBytes, not the default 64 KiB, so that a MESSAGE is
  // counted to the byte up to that size (libsystemd applies the threshold while decompressing).
  // Not without a bound: sd-journal keeps the decompression buffer of each open file, and any
  // local user can log a highly compressible field of tens of MiB.
  if (r = sd_journal_set_data_threshold(journal_, kDataThresholdBytes); r < 0) {
    spdlog::debug("journal: cannot lift the data threshold: {}", errnoText(r));
  }
  // The fd first: entries written between seeking and taking it would otherwise go unnoticed.
  const int fd = sd_journal_get_fd(journal_);
  if (fd < 0) {
    openError_ = "cannot watch " + source_.describe() + ": " + errnoText(fd);
    publishError();
    sd_journal_close(journal_);
    journal_ = nullptr;
    return false;
  }
  r = sd_event_add_io(event_, &ioSource_, fd,
                      static_cast<uint32_t>(sd_journal_get_events(journal_)),
                      &JournalReader::onJournalReadable, this);
  if (r < 0) {
    openError_ = "cannot watch " + source_.describe() + ": " + errnoText(r);
    publishError();
    sd_journal_close(journal_);
    journal_ = nullptr;
    return false;
  }
  return true;
}

void JournalReader::seekToStart(StartAt where) {
  const std::string cursor = cursorFile_.load();
  // seek_cursor then next lands on the saved entry when it still exists, else on the first
  // entry after where it was.
  if (!cursor.empty() && sd_journal_seek_cursor(journal_, cursor.c_str()) >= 0 &&
      sd_journal_next(journal_) > 0) {
    std::uint64_t entryTime = 0;
    sd_journal_get_realtime_usec(journal_, &entryTime);
    const std::uint64_t oldest = wallClockMicroseconds() - kCatchUpSeconds * 1'000'000;
    if (entryTime < oldest) {
      spdlog::warn("journal: the saved position is older than {} s; counting from then on",
                   kCatchUpSeconds);
      sd_journal_seek_realtime_usec(journal_, oldest);
      lastEntryTime_ = oldest;
    } else if (sd_journal_test_cursor(journal_, cursor.c_str()) > 0) {
      // On the saved entry, counted before memwatchd stopped: drain() goes on after it.
      positioned_ = true;
      lastEntryTime_ = entryTime;
    } else {
      // The saved entry is gone (vacuumed): this one is the first not yet counted. Not stepping
      // back onto its predecessor: at the head of the journal there is none, and
      // sd_journal_previous() would leave the position here, skipping this entry.
      positioned_ = true;
      pendingCurrent_ = true;
      lastEntryTime_ = entryTime;
    }
    spdlog::info("journal: resuming {} after the position saved in {}", source_.describe(),
                 cursorFile_.path().string());
    return;
  }
  if (where == StartAt::kRecent) {
    sd_journal_seek_realtime_usec(journal_, wallClockMicroseconds() - kCatchUpSeconds * 1'000'000);
    return;
  }
  sd_journal_seek_tail(journal_);
  // seek_tail leaves the position after the last entry; stepping back onto it makes the next
  // sd_journal_next() return the first new entry.
  positioned_ = sd_journal_previous(journal_) > 0;
  if (positioned_) {
    sd_journal_get_realtime_usec(journal_, &lastEntryTime_);
  } else {
    // An empty journal (a namespace journald that has not written yet, a new directory). Left
    // at the tail, the first sd_journal_next() after entries arrive jumps to the newest of them
    // and skips the others; from the head it returns the first.
    sd_journal_seek_head(journal_);
  }
}

void JournalReader::reopen(StartAt where) {
  ioSource_ = sd_event_source_disable_unref(ioSource_);
  if (continueSource_) sd_event_source_set_enabled(continueSource_, SD_EVENT_OFF);
  sd_journal_close(journal_);
  journal_ = nullptr;
  openError_.reset();
  if (open()) {
    seekToStart(where);
    drain();
  }
}

int JournalReader::onJournalReadable(sd_event_source* source, int, uint32_t, void* self) {
  auto* reader = static_cast<JournalReader*>(self);
  // Tells sd-journal what the inotify events were about: SD_JOURNAL_APPEND (entries added),
  // SD_JOURNAL_INVALIDATE (files added or removed: rotation, vacuum, a journald restart), which
  // sd-journal has already taken into account by opening and closing files.
  const int r = sd_journal_process(reader->journal_);
  if (r < 0) {
    if (reader->processError_ != r) {
      spdlog::warn("journal: processing changes to {}: {}", reader->source_.describe(),
                   errnoText(r));
    }
    reader->processError_ = r;
  } else {
    reader->processError_.reset();
  }
  const bool invalidated = r == SD_JOURNAL_INVALIDATE;
  if (invalidated) {
    spdlog::debug("journal: files of {} changed", reader->source_.describe());
    // Files appeared (a journald that started after memwatchd): the "no journal files" failure
    // ends now, not at the next housekeeping.
    if (reader->noFilesError_) {
      reader->noFilesError_.reset();
      reader->publishError();
    }
  }
  // After a read error, new entries alone change nothing: the retry timer tries again, and so
  // does a change of files, which may have removed or replaced the damaged one.
  if (!reader->readError_ || invalidated) reader->drain();
  sd_event_source_set_enabled(source, SD_EVENT_OFF);
  if (!reader->coalesceSource_) {
    sd_event_add_time_relative(reader->event_, &reader->coalesceSource_, CLOCK_MONOTONIC,
                               kCoalesceMicroseconds, 0, &JournalReader::onCoalesced, reader);
  } else {
    sd_event_source_set_time_relative(reader->coalesceSource_, kCoalesceMicroseconds);
  }
  sd_event_source_set_enabled(reader->coalesceSource_, SD_EVENT_ONESHOT);
  return 0;
}

int JournalReader::onCoalesced(sd_event_source*, uint64_t, void* self) {
  // Watching again: changes made meanwhile are still queued on the fd and wake us at once.
  sd_event_source_set_enabled(static_cast<JournalReader*>(self)->ioSource_, SD_EVENT_ON);
  return 0;
}

int JournalReader::onContinue(sd_event_source*, void* self) {
  static_cast<JournalReader*>(self)->drain();
  return 0;
}

int JournalReader::onRetry(sd_event_source*, uint64_t, void* self) {
  static_cast<JournalReader*>(self)->drain();
  return 0;
}

void JournalReader::drain() {
  if (!journal_) return;
  const std::uint64_t liveAfter = wallClockMicroseconds() - kLiveSeconds * 1'000'000;
  int handled = 0;
  if (pendingCurrent_) {
    pendingCurrent_ = false;
    countCurrentEntry(liveAfter);
    ++handled;
  }
  for (; handled < kBatchEntries; ++handled) {
    const int r = sd_journal_next(journal_);
    if (r < 0) {
      readFailed(r);
      return;
    }
    if (r == 0) {
      caughtUp_ = true;
      stats_->setLag(0);
      readRecovered();
      if (continueSource_) sd_event_source_set_enabled(continueSource_, SD_EVENT_OFF);
      return;
    }
    countCurrentEntry(liveAfter);
  }
  // More to read: go on after the loop has served whatever else is pending.
  caughtUp_ = false;
  readRecovered();
  updateLag();
  if (!continueSource_) {
    sd_event_add_defer(event_, &continueSource_, &JournalReader::onContinue, this);
  }
  if (continueSource_) sd_event_source_set_enabled(continueSource_, SD_EVENT_ON);
}

void JournalReader::countCurrentEntry(std::uint64_t liveAfter) {
  positioned_ = true;
  // Hot path: the summary copies what it keeps into fixed buffers of its own, since each
  // field's data is valid only until the next enumeration step.
  JournalEntrySummary summary;
  const void* data = nullptr;
  size_t length = 0;
  SD_JOURNAL_FOREACH_DATA(journal_, data, length) {
    addJournalField(std::string_view(static_cast<const char*>(data), length), summary);
  }
  sd_journal_get_realtime_usec(journal_, &lastEntryTime_);
  std::optional<Event> flood = stats_->addEntry(
      summary, static_cast<std::int64_t>(lastEntryTime_ / 1'000'000), lastEntryTime_ >= liveAfter);
  if (flood) events_.publish(*flood);
}

void JournalReader::readFailed(int error) {
  // A damaged or truncated file. Nothing is skipped: the same position is tried again later,
  // never in a busy loop, and the collector fails meanwhile.
  caughtUp_ = false;
  if (continueSource_) sd_event_source_set_enabled(continueSource_, SD_EVENT_OFF);
  const std::string why = "reading " + source_.describe() + ": " + errnoText(error);
  if (readError_ != why) spdlog::warn("journal: {}; retrying", why);
  readError_ = why;
  publishError();
  updateLag();
  retryMicroseconds_ =
      std::clamp(2 * retryMicroseconds_, kRetryMinMicroseconds, kRetryMaxMicroseconds);
  if (!retrySource_) {
    int r = sd_event_add_time_relative(event_, &retrySource_, CLOCK_MONOTONIC, retryMicroseconds_,
                                       0, &JournalReader::onRetry, this);
    if (r < 0) {
      spdlog::error("journal: cannot add the retry timer: {}", errnoText(r));
      return;
    }
  } else {
    sd_event_source_set_time_relative(retrySource_, retryMicroseconds_);
  }
  sd_event_source_set_enabled(retrySource_, SD_EVENT_ONESHOT);
}

void JournalReader::readRecovered() {
  retryMicroseconds_ = 0;
  if (!readError_) return;
  spdlog::info("journal: reading {} again", source_.describe());
  readError_.reset();
  publishError();
  if (retrySource_) sd_event_source_set_enabled(retrySource_, SD_EVENT_OFF);
}

void JournalReader::updateLag() {
  // How far the newest entry of any file is ahead of the last one read: grows while the reader
  // is stuck or catching up, whether or not batches fill.
  std::uint64_t from = 0, to = 0;
  if (sd_journal_get_cutoff_realtime_usec(journal_, &from, &to) <= 0) return;
  const std::uint64_t read = lastEntryTime_ != 0 ? lastEntryTime_ : from;
  stats_->setLag(to > read ? static_cast<double>(to - read) / 1e6 : 0);
}

std::int64_t JournalReader::floodClock() const {
  const auto lastEntry = static_cast<std::int64_t>(lastEntryTime_ / 1'000'000);
  return caughtUp_ ? std::max(lastEntry, wallClockSeconds()) : lastEntry;
}

int JournalReader::onHousekeeping(sd_event_source* source, uint64_t usec, void* self) {
  auto* reader = static_cast<JournalReader*>(self);
  reader->housekeeping();
  reader->saveCursor();
  // While a producer floods, look every second so that its end is seen within a second;
  // otherwise every kHousekeepingSeconds.
  // While there are no journal files yet, or the journal cannot be opened, look after 1, 2, 4, 8
  // and then every 10 s, so that a journal that appears soon after start is found within a
  // second or two.
  std::uint64_t interval = kHousekeepingSeconds * 1'000'000;
  if (reader->stats_->anyFlooding()) interval = 1'000'000;
  if (reader->noFilesError_ || reader->openError_) {
    interval =
        std::min<std::uint64_t>(1'000'000ull << std::min(reader->noFilesTicks_++, 4), interval);
  } else {
    reader->noFilesTicks_ = 0;
  }
  sd_event_source_set_time(source, usec + interval);
  sd_event_source_set_enabled(source, SD_EVENT_ON);
  return 0;
}

void JournalReader::housekeeping() {
  for (const Event& ended : stats_->tick(floodClock())) events_.publish(ended);
  refreshJournaldPid();
  if (!journal_) {
    // The open failed (a directory not there yet, no descriptors left): try again, backing off
    // as while there are no files. What a journal that could not be opened holds is counted
    // from the last kCatchUpSeconds: most often it did not exist when memwatchd started.
    reopen(StartAt::kRecent);
    if (!journal_) return;
  }
  if (!caughtUp_) updateLag();
  std::uint64_t usage = 0;
  int r = sd_journal_get_usage(journal_, &usage);
  if (r >= 0 && usage == 0) {
    // sd-journal does not notice a namespace directory created after it was opened (a namespace
    // journald started after memwatchd): with nothing open, opening again costs nothing. What
    // the journal holds then was written after memwatchd started, when it had none.
    reopen(StartAt::kRecent);
    if (!journal_) return;
    r = sd_journal_get_usage(journal_, &usage);
  }
  std::optional<std::uint64_t> diskUsage;
  if (r >= 0) diskUsage = usage;
  if (r >= 0 && usage == 0) {
    noFilesError_ = "no journal files found for " + source_.describe();
  } else {
    noFilesError_.reset();
  }
  publishError();
  stats_->setDiskUsage(diskUsage, journaldDiskBudget("/", source_.nameSpace, source_.directory));
}

void JournalReader::refreshJournaldPid() {
  if (!source_.directory.empty()) return;
  if (journaldPid_ > 0 &&
      std::filesystem::exists("/proc/" + std::to_string(journaldPid_) + "/comm")) {
    return;
  }
  journaldPid_ = findJournaldPid("/proc", source_.nameSpace);
  stats_->setJournaldPid(journaldPid_);
}

void JournalReader::saveCursor() {
  if (!journal_ || !positioned_) return;
  char* cursor = nullptr;
  if (sd_journal_get_cursor(journal_, &cursor) < 0) return;
  cursorFile_.save(cursor);
  free(cursor);
}

}  // namespace memwatch
