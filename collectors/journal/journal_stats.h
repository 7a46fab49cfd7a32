#pragma once

// What the journal watchdog knows: entries, bytes and floods by producer, and its health.

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "collectors/core/bounded_label_counter.h"
#include "collectors/events/event.h"
#include "collectors/journal/journal_entry.h"
#include "collectors/journal/producer_table.h"

namespace memwatch {

// What JournalStats is made with (from JournalSettings, in memwatchd); no defaults of its own.
struct JournalStatsSettings {
  std::size_t candidates;  // producers tracked
  std::size_t exported;    // producers with series of their own
  int floodWindowSeconds;
  ProducerTable::PolicyFor floodPolicy;
  std::uint64_t ownPid;  // memwatchd's process, whose records never flood; 0: getpid()
};

// What the journal watchdog knows: written by the reader on the event loop thread, read by
// scrapes and the JSON API on HTTP threads. Outlives configuration reloads.
class JournalStats {
 public:
  static constexpr std::array<const char*, 8> kPriorityNames = {
      "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

  explicit JournalStats(JournalStatsSettings settings);

  // Counts one entry at `now` (seconds, the entry's own wall-clock time): the flood clock is the
  // journal's, see tick(). `live`: read as it arrived rather than while catching up on old
  // entries. Returns the flood that started or ended with it, if any, as the event to publish: a
  // flood that starts in old entries is not announced, nor then its end (Event::announce).
  // memwatchd's own records (JournalEntrySummary::fromMemwatch) are counted like any other but
  // never fed to flood detection, so its reports about floods can never make memwatchd a
  // flooder.
  std::optional<Event> addEntry(const JournalEntrySummary& entry, std::int64_t now,
                                bool live = true);
  // Ends the floods of producers that went quiet. `now` is on addEntry()'s clock: the time of the
  // newest entry read, or the wall clock once the reader has read everything (only then does
  // silence mean that nothing was logged).
  std::vector<Event> tick(std::int64_t now);
  bool anyFlooding() const;

  void setLag(double seconds);
  void setDiskUsage(std::optional<std::uint64_t> usage, std::optional<std::uint64_t> maxUse);
  void setSourceError(std::optional<std::string> error);
  // The journald process writing this journal, for its CPU and memory; 0 when unknown.
  void setJournaldPid(int pid);

  struct Snapshot {
    ProducerTable::Exported producers;
    std::array<std::uint64_t, 8> byPriority{};
    std::uint64_t withoutPriority = 0;
    BoundedLabelCounter suppressed;
    BoundedLabelCounter floods;
    // memwatch_journal_flood_active's labels: the flooding producers that have series of their
    // own, plus "other" when one without a series floods; at most K + 1.
    std::vector<std::string> flooding;
    std::optional<std::uint64_t> diskUsage;
    std::optional<std::uint64_t> diskMaxUse;
    double lagSeconds = 0;
    std::optional<std::string> sourceError;
    int journaldPid = 0;
  };
  // Re-ranks the producers (ProducerTable::exportTopK), so for scrapes only.
  Snapshot snapshot(std::int64_t now);
  std::vector<ProducerTable::Rate> busiest(std::int64_t now, std::size_t limit);
  // The producers flooding now, busiest first, whether they have series of their own or not.
  std::vector<ProducerTable::Rate> flooding(std::int64_t now);

 private:
  Event floodEvent(const std::string& producer, bool started, bool announce, std::int64_t now);

  mutable std::mutex mutex_;
  ProducerTable producers_;
  std::array<std::uint64_t, 8> byPriority_{};
  std::uint64_t withoutPriority_ = 0;
  BoundedLabelCounter suppressed_;
  BoundedLabelCounter floods_;
  std::optional<std::uint64_t> diskUsage_;
  std::optional<std::uint64_t> diskMaxUse_;
  double lagSeconds_ = 0;
  std::optional<std::string> sourceError_;
  int journaldPid_ = 0;
  ProducerTable::PolicyFor floodPolicy_;
  std::uint64_t ownPid_;
};

}  // namespace memwatch
