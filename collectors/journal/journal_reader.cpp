// JournalReader: sd-journal's fd watched on sd-event, entries read in batches with a defer source
// between them, and read errors retried on a backing-off timer.
#include "collectors/journal/journal_reader.h"

#include <spdlog/spdlog.h>
#include <string.h>

#include <algorithm>

#include "collectors/journal/journal_entry.h"

namespace memwatch {
namespace {

std::string errnoText(int negativeErrno) { return strerror(-negativeErrno); }

}  // namespace

JournalReader::JournalReader(sd_event* loop, JournalReaderSetup setup,
                             std::shared_ptr<JournalStats> stats, EventPublisher& events)
    : loop_(loop),
      source_(setup.source),
      cursorFile_(std::move(setup.stateFile)),
      journald_(std::move(setup.source), std::move(setup.procfs), std::move(setup.configRoot)),
      wallClock_(std::move(setup.wallClock)),
      stats_(std::move(stats)),
      events_(events),
      userspaceKills_(std::move(setup.earlyoomUnit)) {
  if (open()) {
    startAt(StartAt::kTail);
    drain();
  }
  housekeeping();
  // A journal that is not there yet is looked for again after a second, then backing off.
  const std::uint64_t firstTick =
      noFilesError_ || openError_ ? 1'000'000 : kHousekeepingSeconds * 1'000'000;
  sd_event_source* timer = nullptr;
  const int r = sd_event_add_time_relative(loop_, &timer, CLOCK_MONOTONIC, firstTick, 0,
                                           &JournalReader::onHousekeeping, this);
  if (r < 0) spdlog::error("journal: cannot add the housekeeping timer: {}", errnoText(r));
  housekeepingTimer_.reset(timer);
}

JournalReader::~JournalReader() { saveCursor(); }

void JournalReader::updateSourceError() {
  std::optional<std::string> error = openError_;
  if (!error) error = readError_;
  if (!error) error = noFilesError_;
  stats_->setSourceError(std::move(error));
}

bool JournalReader::open() {
  Expected<OpenJournal> opened = source_.open();
  if (!opened) {
    openError_ = opened.error().message;
    updateSourceError();
    return false;
  }
  // The fd first: entries written between seeking and taking it would otherwise go unnoticed.
  sd_journal* journal = opened.value().get();
  const int fd = sd_journal_get_fd(journal);
  sd_event_source* io = nullptr;
  const int r = fd < 0 ? fd
                       : sd_event_add_io(loop_, &io, fd,
                                         static_cast<uint32_t>(sd_journal_get_events(journal)),
                                         &JournalReader::onJournalReadable, this);
  if (r < 0) {
    openError_ = "cannot watch " + source_.describe() + ": " + errnoText(r);
    updateSourceError();
    return false;
  }
  journal_ = std::move(opened).value();
  ioSource_.reset(io);
  return true;
}

void JournalReader::close() {
  ioSource_.reset();
  if (continueSource_) sd_event_source_set_enabled(continueSource_.get(), SD_EVENT_OFF);
  journal_.reset();
}

void JournalReader::startAt(StartAt where) {
  const StartPosition start =
      positionAtStart(journal_.get(), cursorFile_.load(), where, wallClock_(), kCatchUpSeconds);
  using From = StartPosition::From;
  if (start.from == From::kCatchUpLimit) {
    spdlog::warn("journal: the saved position is older than {} s; counting from then on",
                 kCatchUpSeconds);
  }
  if (start.from == From::kSavedPosition || start.from == From::kCatchUpLimit) {
    spdlog::info("journal: resuming {} after the position saved in {}", source_.describe(),
                 cursorFile_.path().string());
  }
  if (start.from != From::kCatchUpWindow) positioned_ = start.positioned;
  pendingCurrent_ = start.pendingCurrent;
  if (start.lastEntryMicroseconds != 0) lastEntryTime_ = start.lastEntryMicroseconds;
}

void JournalReader::reopen(StartAt where) {
  close();
  openError_.reset();
  if (open()) {
    startAt(where);
    drain();
  }
}

int JournalReader::onJournalReadable(sd_event_source*, int, uint32_t, void* self) {
  auto* reader = static_cast<JournalReader*>(self);
  // Tells sd-journal what the inotify events were about: SD_JOURNAL_APPEND (entries added),
  // SD_JOURNAL_INVALIDATE (files added or removed: rotation, vacuum, a journald restart), which
  // sd-journal has already taken into account by opening and closing files.
  const int r = sd_journal_process(reader->journal_.get());
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
      reader->updateSourceError();
    }
  }
  // After a read error, new entries alone change nothing: the retry timer tries again, and so
  // does a change of files, which may have removed or replaced the damaged one.
  if (!reader->readError_ || invalidated) reader->drain();
  reader->pauseWatching();
  return 0;
}

void JournalReader::pauseWatching() {
  sd_event_source_set_enabled(ioSource_.get(), SD_EVENT_OFF);
  armTimer(coalesceTimer_, kCoalesceMicroseconds, &JournalReader::onCoalesced);
}

int JournalReader::onCoalesced(sd_event_source*, uint64_t, void* self) {
  // Watching again: changes made meanwhile are still queued on the fd and wake us at once.
  sd_event_source_set_enabled(static_cast<JournalReader*>(self)->ioSource_.get(), SD_EVENT_ON);
  return 0;
}

void JournalReader::armTimer(ScopedEventSource& timer, std::uint64_t microseconds,
                             sd_event_time_handler_t handler) {
  if (int r = timer.armOneShotTimer(loop_, microseconds, handler, this); r < 0) {
    spdlog::error("journal: cannot set a timer: {}", errnoText(r));
  }
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
  const std::uint64_t liveAfter = wallClock_() - kLiveSeconds * 1'000'000;
  int handled = 0;
  if (pendingCurrent_) {
    pendingCurrent_ = false;
    countCurrentEntry(liveAfter);
    ++handled;
  }
  for (; handled < kBatchEntries; ++handled) {
    const int r = sd_journal_next(journal_.get());
    if (r < 0) {
      readFailed(r);
      return;
    }
    if (r == 0) {
      caughtUp_ = true;
      stats_->setLag(0);
      readRecovered();
      if (continueSource_) sd_event_source_set_enabled(continueSource_.get(), SD_EVENT_OFF);
      return;
    }
    countCurrentEntry(liveAfter);
  }
  // More to read: go on after the loop has served whatever else is pending.
  caughtUp_ = false;
  readRecovered();
  updateLag();
  if (!continueSource_) {
    sd_event_source* defer = nullptr;
    if (sd_event_add_defer(loop_, &defer, &JournalReader::onContinue, this) >= 0) {
      continueSource_.reset(defer);
    }
  }
  if (continueSource_) sd_event_source_set_enabled(continueSource_.get(), SD_EVENT_ON);
}

void JournalReader::countCurrentEntry(std::uint64_t liveAfter) {
  positioned_ = true;
  // Hot path: the summary copies what it keeps into fixed buffers of its own, since each
  // field's data is valid only until the next enumeration step.
  JournalEntrySummary summary;
  const void* data = nullptr;
  size_t length = 0;
  SD_JOURNAL_FOREACH_DATA(journal_.get(), data, length) {
    addJournalField(std::string_view(static_cast<const char*>(data), length), summary);
  }
  sd_journal_get_realtime_usec(journal_.get(), &lastEntryTime_);
  const auto entrySeconds = static_cast<std::int64_t>(lastEntryTime_ / 1'000'000);
  const bool live = lastEntryTime_ >= liveAfter;
  std::optional<Event> flood = stats_->addEntry(summary, entrySeconds, live);
  if (flood) events_.publish(*flood);
  // Off the hot path: only entries from earlyoom's unit or PID 1's OOM records get this far.
  if (userspaceKills_.mayBeKill(summary)) {
    std::optional<OomKill> kill = userspaceKills_.recognize(
        summary, [this](std::string_view name) { return currentField(name); }, entrySeconds);
    if (kill) events_.publish(Event{.what = std::move(*kill), .announce = live});
  }
}

std::optional<std::string> JournalReader::currentField(std::string_view name) {
  const void* data = nullptr;
  size_t length = 0;
  const std::string key(name);
  if (sd_journal_get_data(journal_.get(), key.c_str(), &data, &length) < 0) return std::nullopt;
  std::string_view field(static_cast<const char*>(data), length);
  // "NAME=value"; a kill line is short, so a huge field is cut rather than copied whole.
  field.remove_prefix(std::min(field.size(), key.size() + 1));
  return std::string(field.substr(0, 4096));
}

void JournalReader::readFailed(int error) {
  // A damaged or truncated file. Nothing is skipped: the same position is tried again later,
  // never in a busy loop, and the collector fails meanwhile.
  caughtUp_ = false;
  if (continueSource_) sd_event_source_set_enabled(continueSource_.get(), SD_EVENT_OFF);
  const std::string why = "reading " + source_.describe() + ": " + errnoText(error);
  if (readError_ != why) spdlog::warn("journal: {}; retrying", why);
  readError_ = why;
  updateSourceError();
  updateLag();
  armTimer(retryTimer_, readRetry_.next(), &JournalReader::onRetry);
}

void JournalReader::readRecovered() {
  readRetry_.reset();
  if (!readError_) return;
  spdlog::info("journal: reading {} again", source_.describe());
  readError_.reset();
  updateSourceError();
  if (retryTimer_) sd_event_source_set_enabled(retryTimer_.get(), SD_EVENT_OFF);
}

void JournalReader::updateLag() {
  // How far the newest entry of any file is ahead of the last one read: grows while the reader
  // is stuck or catching up, whether or not batches fill.
  std::uint64_t from = 0, to = 0;
  if (sd_journal_get_cutoff_realtime_usec(journal_.get(), &from, &to) <= 0) return;
  const std::uint64_t read = lastEntryTime_ != 0 ? lastEntryTime_ : from;
  stats_->setLag(to > read ? static_cast<double>(to - read) / 1e6 : 0);
}

std::int64_t JournalReader::floodClock() const {
  const auto lastEntry = static_cast<std::int64_t>(lastEntryTime_ / 1'000'000);
  const auto now = static_cast<std::int64_t>(wallClock_() / 1'000'000);
  return caughtUp_ ? std::max(lastEntry, now) : lastEntry;
}

}  // namespace memwatch
