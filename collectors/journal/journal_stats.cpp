// JournalStats: entries, priorities, suppressed counts and floods behind one mutex, with flood
// events carrying the producer's rate and thresholds, and consistent snapshots for scrapes.
#include "collectors/journal/journal_stats.h"

#include <unistd.h>

#include <algorithm>

namespace memwatch {

JournalStats::JournalStats(JournalStatsSettings settings)
    : producers_(settings.candidates, settings.exported, settings.floodWindowSeconds,
                 settings.floodPolicy),
      suppressed_(settings.exported),
      floods_(settings.exported),
      floodPolicy_(settings.floodPolicy),
      ownPid_(settings.ownPid != 0 ? settings.ownPid : static_cast<std::uint64_t>(getpid())) {}

Event JournalStats::floodEvent(const std::string& producer, bool started, bool announce,
                               std::int64_t now) {
  JournalFlood flood{.producer = producer,
                     .started = started,
                     .wallClockSeconds = static_cast<double>(now),
                     .entriesPerSecond = 0,
                     .bytesPerSecond = 0,
                     .thresholds = floodPolicy_(producer).thresholds};
  if (std::optional<ProducerTable::Rate> rate = producers_.rate(producer, now)) {
    flood.entriesPerSecond = rate->entriesPerSecond;
    flood.bytesPerSecond = rate->bytesPerSecond;
  }
  return Event{.what = std::move(flood), .announce = announce};
}

std::optional<Event> JournalStats::addEntry(const JournalEntrySummary& entry, std::int64_t now,
                                            bool live) {
  std::lock_guard lock(mutex_);
  if (entry.priority) {
    ++byPriority_[*entry.priority];
  } else {
    ++withoutPriority_;
  }
  if (auto suppressed = entry.suppressed()) suppressed_.add(suppressed->first, suppressed->second);
  const std::string_view producer = entry.producer();
  const ProducerTable::FloodChange change =
      producers_.add(producer, entry.messageBytes, now,
                     {.live = live, .floodExempt = entry.fromMemwatch(ownPid_)});
  if (change.change == FloodDetector::Change::None) return std::nullopt;
  const bool started = change.change == FloodDetector::Change::Started;
  if (started) floods_.add(producer);
  return floodEvent(std::string(producer), started, change.announce, now);
}

std::vector<Event> JournalStats::tick(std::int64_t now) {
  std::lock_guard lock(mutex_);
  std::vector<Event> events;
  for (const ProducerTable::Ended& ended : producers_.tick(now)) {
    events.push_back(floodEvent(ended.producer, false, ended.announce, now));
  }
  return events;
}

bool JournalStats::anyFlooding() const {
  std::lock_guard lock(mutex_);
  return producers_.anyFlooding();
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
  for (const ProducerTable::ExportedProducer& exported : snapshot.producers.producers) {
    if (exported.flooding) snapshot.flooding.push_back(exported.producer);
  }
  if (snapshot.producers.otherFlooding) {
    snapshot.flooding.emplace_back(kOtherLabelValue);
  }
  return snapshot;
}

std::vector<ProducerTable::Rate> JournalStats::flooding(std::int64_t now) {
  std::vector<ProducerTable::Rate> flooding;
  for (ProducerTable::Rate& rate : busiest(now, SIZE_MAX)) {
    if (rate.flooding) flooding.push_back(std::move(rate));
  }
  return flooding;
}

std::vector<ProducerTable::Rate> JournalStats::busiest(std::int64_t now, std::size_t limit) {
  std::lock_guard lock(mutex_);
  return producers_.busiest(now, limit);
}

}  // namespace memwatch
