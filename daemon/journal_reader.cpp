#include "daemon/journal_reader.h"

#include <spdlog/spdlog.h>
#include <string.h>

#include <chrono>
#include <fstream>
#include <system_error>

#include "collectors/journal_entry.h"
#include "collectors/journald_limits.h"
#include "collectors/wall_clock.h"
#include "collectors/whole_file.h"

namespace memwatch {
namespace {

std::string errnoText(int negativeErrno) { return strerror(-negativeErrno); }

// The journald process that writes this journal: "systemd-journald" with the namespace as its
// only argument, or none for the default journal.
int findJournaldPid(const std::string& nameSpace) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    Expected<std::string> comm = readWholeFile(entry.path() / "comm");
    if (!comm || comm.value() != "systemd-journal\n") continue;
    Expected<std::string> cmdline = readWholeFile(entry.path() / "cmdline");
    if (!cmdline) continue;
    const std::string& args = cmdline.value();
    const std::size_t firstEnd = args.find('\0');
    std::string argument =
        firstEnd == std::string::npos
            ? ""
            : args.substr(firstEnd + 1, args.find('\0', firstEnd + 1) - firstEnd - 1);
    if (argument == nameSpace) return std::stoi(name);
  }
  return 0;
}

}  // namespace

std::string JournalSource::describe() const {
  if (!directory.empty()) return "the journal in " + directory.string();
  if (!nameSpace.empty()) return "the journal namespace " + nameSpace;
  return "the system journal";
}

JournalReader::JournalReader(sd_event* event, JournalSource source, std::filesystem::path stateFile,
                             std::shared_ptr<JournalStats> stats, FloodHandler onFlood)
    : event_(event),
      source_(std::move(source)),
      stateFile_(std::move(stateFile)),
      stats_(std::move(stats)),
      onFlood_(std::move(onFlood)) {
  if (open()) {
    seekToStart();
    drain();
  }
  int r = sd_event_add_time_relative(event_, &timerSource_, CLOCK_MONOTONIC,
                                     kHousekeepingSeconds * 1'000'000, 0,
                                     &JournalReader::onHousekeeping, this);
  if (r < 0) spdlog::error("journal: cannot add the housekeeping timer: {}", errnoText(r));
  housekeeping();
}

JournalReader::~JournalReader() {
  saveCursor();
  sd_event_source_disable_unref(ioSource_);
  sd_event_source_disable_unref(continueSource_);
  sd_event_source_disable_unref(timerSource_);
  sd_event_source_disable_unref(coalesceSource_);
  sd_journal_close(journal_);
}

void JournalReader::fail(const std::string& why) {
  lastError_ = why;
  stats_->setSourceError(why);
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
    fail("cannot open " + source_.describe() + ": " + errnoText(r));
    return false;
  }
  // The fd first: entries written between seeking and taking it would otherwise go unnoticed.
  const int fd = sd_journal_get_fd(journal_);
  if (fd < 0) {
    fail("cannot watch " + source_.describe() + ": " + errnoText(fd));
    return false;
  }
  r = sd_event_add_io(event_, &ioSource_, fd,
                      static_cast<uint32_t>(sd_journal_get_events(journal_)),
                      &JournalReader::onJournalReadable, this);
  if (r < 0) {
    fail("cannot watch " + source_.describe() + ": " + errnoText(r));
    return false;
  }
  return true;
}

void JournalReader::seekToStart() {
  Expected<std::string> saved = readWholeFile(stateFile_);
  std::string cursor = saved ? saved.value() : "";
  while (!cursor.empty() && (cursor.back() == '\n' || cursor.back() == ' ')) cursor.pop_back();
  if (!cursor.empty() && sd_journal_seek_cursor(journal_, cursor.c_str()) >= 0 &&
      sd_journal_next(journal_) > 0) {
    std::uint64_t entryTime = 0;
    sd_journal_get_realtime_usec(journal_, &entryTime);
    const std::uint64_t oldest = wallClockMicroseconds() - kCatchUpSeconds * 1'000'000;
    if (entryTime < oldest) {
      spdlog::warn("journal: the saved position is older than {} s; counting from then on",
                   kCatchUpSeconds);
      sd_journal_seek_realtime_usec(journal_, oldest);
    } else if (sd_journal_test_cursor(journal_, cursor.c_str()) <= 0) {
      // The saved entry is gone (vacuumed); this one is the first not yet counted.
      sd_journal_previous(journal_);
    }
    positioned_ = true;
    spdlog::info("journal: resuming {} after the position saved in {}", source_.describe(),
                 stateFile_.string());
    return;
  }
  sd_journal_seek_tail(journal_);
  // seek_tail leaves the position after the last entry; stepping back onto it makes the next
  // sd_journal_next() return the first new entry.
  positioned_ = sd_journal_previous(journal_) > 0;
}

int JournalReader::onJournalReadable(sd_event_source* source, int, uint32_t, void* self) {
  auto* reader = static_cast<JournalReader*>(self);
  // Tells sd-journal what the inotify events were about (appends, new or deleted files).
  sd_journal_process(reader->journal_);
  reader->drain();
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

void JournalReader::drain() {
  const std::uint64_t announceAfter =
      wallClockMicroseconds() - 2 * kHousekeepingSeconds * 1'000'000;
  std::uint64_t lastEntryTime = 0;
  for (int handled = 0; handled < kBatchEntries; ++handled) {
    int r = sd_journal_next(journal_);
    if (r == 0) {
      stats_->setLag(0);
      if (lastError_) {
        lastError_.reset();
        stats_->setSourceError(std::nullopt);
      }
      sd_event_source_set_enabled(continueSource_, SD_EVENT_OFF);
      return;
    }
    if (r < 0) {
      // A damaged or truncated file: what can be read was; the next change to the journal
      // (rotation, vacuum, new entries) tries again.
      const std::string why = "reading " + source_.describe() + ": " + errnoText(r);
      if (lastError_ != why) spdlog::warn("journal: {}", why);
      lastError_ = why;
      return;
    }
    positioned_ = true;
    JournalEntrySummary summary;
    const void* data = nullptr;
    size_t length = 0;
    SD_JOURNAL_FOREACH_DATA(journal_, data, length) {
      addJournalField(std::string_view(static_cast<const char*>(data), length), summary);
    }
    sd_journal_get_realtime_usec(journal_, &lastEntryTime);
    std::optional<FloodEvent> flood =
        stats_->addEntry(summary, static_cast<std::int64_t>(lastEntryTime / 1'000'000));
    // Floods found while catching up on old entries are counted, not announced as news.
    if (flood && lastEntryTime >= announceAfter) onFlood_(*flood);
  }
  // More to read: go on after the loop has served whatever else is pending.
  const std::uint64_t now = wallClockMicroseconds();
  stats_->setLag(now > lastEntryTime ? static_cast<double>(now - lastEntryTime) / 1e6 : 0);
  if (!continueSource_) {
    sd_event_add_defer(event_, &continueSource_, &JournalReader::onContinue, this);
  }
  sd_event_source_set_enabled(continueSource_, SD_EVENT_ON);
}

int JournalReader::onHousekeeping(sd_event_source* source, uint64_t usec, void* self) {
  auto* reader = static_cast<JournalReader*>(self);
  reader->housekeeping();
  reader->saveCursor();
  // While a producer floods, look every second so that its end is seen within a second;
  // otherwise every kHousekeepingSeconds.
  const bool flooding =
      !reader->stats_->snapshot(static_cast<std::int64_t>(wallClockMicroseconds() / 1'000'000))
           .flooding.empty();
  const std::uint64_t interval = flooding ? 1'000'000 : kHousekeepingSeconds * 1'000'000;
  sd_event_source_set_time(source, usec + interval);
  sd_event_source_set_enabled(source, SD_EVENT_ON);
  return 0;
}

void JournalReader::housekeeping() {
  const auto now = static_cast<std::int64_t>(wallClockMicroseconds() / 1'000'000);
  for (const FloodEvent& ended : stats_->tick(now)) onFlood_(ended);
  refreshJournaldPid();
  if (!journal_) return;
  std::uint64_t usage = 0;
  int r = sd_journal_get_usage(journal_, &usage);
  std::optional<std::uint64_t> diskUsage;
  if (r >= 0) diskUsage = usage;
  const std::string noFiles = "no journal files found for " + source_.describe();
  if (r >= 0 && usage == 0) {
    fail(noFiles);
  } else if (lastError_ == noFiles) {
    lastError_.reset();
    stats_->setSourceError(std::nullopt);
  }
  // Where journald keeps the files decides which limit applies: /var/log/journal when it exists
  // (persistent), /run/log/journal otherwise.
  std::filesystem::path directory = source_.directory;
  bool persistent = true;
  if (directory.empty()) {
    persistent = std::filesystem::exists("/var/log/journal");
    directory = persistent ? "/var/log/journal" : "/run/log/journal";
  }
  stats_->setDiskUsage(
      diskUsage, journaldMaxUse(readJournaldLimits("/", source_.nameSpace), directory, persistent));
}

void JournalReader::refreshJournaldPid() {
  if (!source_.directory.empty()) return;
  if (journaldPid_ > 0 &&
      std::filesystem::exists("/proc/" + std::to_string(journaldPid_) + "/comm")) {
    return;
  }
  journaldPid_ = findJournaldPid(source_.nameSpace);
  stats_->setJournaldPid(journaldPid_);
}

void JournalReader::saveCursor() {
  if (!journal_ || !positioned_ || stateFile_.empty()) return;
  char* cursor = nullptr;
  if (sd_journal_get_cursor(journal_, &cursor) < 0) return;
  std::string text = std::string(cursor) + "\n";
  free(cursor);
  // Written aside and renamed, so that a crash mid-write never leaves half a cursor.
  std::error_code error;
  std::filesystem::create_directories(stateFile_.parent_path(), error);
  const std::filesystem::path temporary = stateFile_.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out.flush()) {
      if (!cursorSaveFailed_) {
        spdlog::warn("journal: cannot save the position in {}: {}", stateFile_.string(),
                     strerror(errno));
      }
      cursorSaveFailed_ = true;
      return;
    }
  }
  std::filesystem::rename(temporary, stateFile_, error);
  if (error && !cursorSaveFailed_) {
    spdlog::warn("journal: cannot save the position in {}: {}", stateFile_.string(),
                 error.message());
  }
  cursorSaveFailed_ = static_cast<bool>(error);
}

}  // namespace memwatch
