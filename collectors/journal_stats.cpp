#include "collectors/journal_stats.h"

#include <algorithm>

namespace memwatch {

JournalStats::JournalStats(JournalStatsSettings settings)
    : producers_(settings.candidates, settings.exported, settings.floodWindowSeconds,
                 settings.floodPolicy),
      suppressed_(settings.exported),
      floods_(settings.exported),
      floodPolicy_(settings.floodPolicy) {}

FloodEvent JournalStats::event(const std::string& producer, bool started, std::int64_t now) {
  FloodEvent event{.producer = producer,
                   .started = started,
                   .wallClockSeconds = static_cast<double>(now),
                   .entriesPerSecond = 0,
                   .bytesPerSecond = 0,
                   .thresholds = floodPolicy_(producer).thresholds};
  for (const ProducerTable::Rate& rate : producers_.busiest(now, producers_.tracked())) {
    if (rate.producer == producer) {
      event.entriesPerSecond = rate.entriesPerSecond;
      event.bytesPerSecond = rate.bytesPerSecond;
      break;
    }
  }
  if (started) floods_.add(producer);
  recentFloods_.push_front(event);
  if (recentFloods_.size() > kRecentFloodEvents) recentFloods_.pop_back();
  return event;
}

std::optional<FloodEvent> JournalStats::addEntry(const JournalEntrySummary& entry,
                                                 std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (entry.priority) {
    ++byPriority_[*entry.priority];
  } else {
    ++withoutPriority_;
  }
  if (entry.droppedEntries && entry.messageId == kJournalDroppedMessageId) {
    std::string_view unit =
        !entry.objectSystemdUnit.empty() ? entry.objectSystemdUnit : entry.objectSystemdUserUnit;
    suppressed_.add(unit.empty() ? "unknown" : unit, *entry.droppedEntries);
  }
  const std::string_view producer = entry.producer();
  FloodDetector::Change change = producers_.add(producer, entry.messageBytes, now);
  if (change == FloodDetector::Change::None) return std::nullopt;
  return event(std::string(producer), change == FloodDetector::Change::Started, now);
}

std::vector<FloodEvent> JournalStats::tick(std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::vector<FloodEvent> events;
  for (const std::string& producer : producers_.tick(now)) {
    events.push_back(event(producer, false, now));
  }
  return events;
}

void JournalStats::setLag(double seconds) {
  std::lock_guard lock(mutex_);
  lagSeconds_ = seconds;
}

void JournalStats::setDiskUsage(std::optional<std::uint64_t> usage,
                                std::optional<std::uint64_t> maxUse) {
  std::lock_guard lock(mutex_);
  diskUsage_ = usage;
  diskMaxUse_ = maxUse;
}

void JournalStats::setSourceError(std::optional<std::string> error) {
  std::lock_guard lock(mutex_);
  sourceError_ = std::move(error);
}

void JournalStats::setJournaldPid(int pid) {
  std::lock_guard lock(mutex_);
  journaldPid_ = pid;
}

JournalStats::Snapshot JournalStats::snapshot(std::int64_t now) {
  std::lock_guard lock(mutex_);
  Snapshot snapshot{.producers = producers_.exportTopK(now),
                    .byPriority = byPriority_,
                    .withoutPriority = withoutPriority_,
                    .suppressed = suppressed_,
                    .floods = floods_,
                    .flooding = {},
                    .diskUsage = diskUsage_,
                    .diskMaxUse = diskMaxUse_,
                    .lagSeconds = lagSeconds_,
                    .sourceError = sourceError_,
                    .journaldPid = journaldPid_};
  for (const ProducerTable::Rate& rate : producers_.busiest(now, producers_.tracked())) {
    if (rate.flooding) snapshot.flooding.push_back(rate.producer);
  }
  return snapshot;
}

std::vector<ProducerTable::Rate> JournalStats::busiest(std::int64_t now, std::size_t limit) {
  std::lock_guard lock(mutex_);
  return producers_.busiest(now, limit);
}

std::vector<FloodEvent> JournalStats::recentFloodEvents() const {
  std::lock_guard lock(mutex_);
  return {recentFloods_.begin(), recentFloods_.end()};
}

}  // namespace memwatch
