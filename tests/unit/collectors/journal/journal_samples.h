#pragma once

// Journal statistics with low flood thresholds, and entries made of their fields, for the tests.

#include <initializer_list>
#include <optional>
#include <string_view>

#include "collectors/journal/journal_entry.h"
#include "collectors/journal/journal_stats.h"

namespace memwatch::testing {

// Floods from 5 entries per second over 2 s.
inline JournalStatsSettings lowThresholds(std::size_t exported, std::uint64_t ownPid = 4242) {
  return JournalStatsSettings{
      .candidates = 1000,
      .exported = exported,
      .floodWindowSeconds = 2,
      .floodPolicy =
          [](std::string_view) {
            return FloodPolicy{.thresholds = {.entriesPerSecond = 5, .bytesPerSecond = 1e12}};
          },
      .ownPid = ownPid};
}

// Counts an entry of these fields; the flood event it caused, if any.
inline std::optional<Event> addEntry(JournalStats& stats, std::int64_t now,
                                     std::initializer_list<std::string_view> fields,
                                     bool live = true) {
  JournalEntrySummary summary;
  for (std::string_view field : fields) addJournalField(field, summary);
  return stats.addEntry(summary, now, live);
}

inline const JournalFlood& floodOf(const Event& event) {
  return std::get<JournalFlood>(event.what);
}

}  // namespace memwatch::testing
