#include "collectors/journal/journal_stats.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "collectors/base/wall_clock.h"
#include "collectors/journal/journal_collector.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

JournalStatsSettings lowThresholds(std::size_t exported, std::uint64_t ownPid = 4242) {
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
std::optional<Event> addEntry(JournalStats& stats, std::int64_t now,
                              std::initializer_list<std::string_view> fields, bool live = true) {
  JournalEntrySummary summary;
  for (std::string_view field : fields) addJournalField(field, summary);
  return stats.addEntry(summary, now, live);
}

const JournalFlood& floodOf(const Event& event) { return std::get<JournalFlood>(event.what); }

TEST(JournalStats, FloodActiveIsBoundedByTheSeries) {
  constexpr std::size_t kTop = 3;
  JournalStats stats(lowThresholds(kTop));
  const std::int64_t now = wallClockSeconds();
  std::uint64_t total = 0;
  for (int p = 0; p < 40; ++p) {
    const std::string field = "SYSLOG_IDENTIFIER=flooder-" + std::to_string(p);
    for (int i = 0; i < 20; ++i, ++total) addEntry(stats, now, {field, "MESSAGE=abc"});
  }
  for (int i = 0; i < 3; ++i, ++total) addEntry(stats, now, {"SYSLOG_IDENTIFIER=other"});
  JournalStats::Snapshot snapshot = stats.snapshot(now);
  EXPECT_EQ(snapshot.producers.producers.size(), kTop);
  ASSERT_EQ(snapshot.flooding.size(), kTop + 1);
  std::set<std::string> withSeries;
  for (const auto& series : snapshot.producers.producers) withSeries.insert(series.producer);
  for (std::size_t i = 0; i < kTop; ++i) EXPECT_TRUE(withSeries.count(snapshot.flooding[i]));
  EXPECT_EQ(snapshot.flooding.back(), "other");

  // The same through the collector's exposition.
  auto shared = std::make_shared<JournalStats>(lowThresholds(kTop));
  for (int p = 0; p < 40; ++p) {
    const std::string field = "SYSLOG_IDENTIFIER=flooder-" + std::to_string(p);
    for (int i = 0; i < 20; ++i) {
      addEntry(*shared, now, {field, "MESSAGE=abc", "PRIORITY=6"});
    }
  }
  for (int i = 0; i < 3; ++i) addEntry(*shared, now, {"SYSLOG_IDENTIFIER=other", "MESSAGE=z"});
  JournalCollector journal(testing::fixture("proc"), shared);
  Expected<Families> families = journal.collect();
  ASSERT_TRUE(families) << families.error().message;
  for (const char* name : {"memwatch_journal_entries_total", "memwatch_journal_bytes_total",
                           "memwatch_journal_flood_active", "memwatch_journal_floods_total",
                           "memwatch_journal_suppressed_entries_total"}) {
    const prometheus::MetricFamily* family = testing::findFamily(families.value(), name);
    ASSERT_NE(family, nullptr) << name;
    EXPECT_LE(family->metric.size(), kTop + 1) << name;
    std::set<std::string> labels;
    for (const auto& metric : family->metric) {
      ASSERT_EQ(metric.label.size(), 1u);
      EXPECT_TRUE(labels.insert(metric.label[0].value).second)
          << name << " repeats " << metric.label[0].value;
    }
  }
  double entrySum = 0, byteSum = 0, floodSum = 0;
  for (const auto& metric :
       testing::findFamily(families.value(), "memwatch_journal_entries_total")->metric) {
    entrySum += metric.counter.value;
  }
  for (const auto& metric :
       testing::findFamily(families.value(), "memwatch_journal_bytes_total")->metric) {
    byteSum += metric.counter.value;
  }
  for (const auto& metric :
       testing::findFamily(families.value(), "memwatch_journal_floods_total")->metric) {
    floodSum += metric.counter.value;
  }
  EXPECT_EQ(entrySum, 40 * 20 + 3);
  EXPECT_EQ(byteSum, 40 * 20 * 3 + 3);
  EXPECT_EQ(floodSum, 40);  // "other" the producer floods too little: 3 entries in 2 s
  EXPECT_EQ(
      testing::valueOf(families.value(), "memwatch_journal_flood_active", {{"producer", "other"}}),
      1);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_journal_entries_by_priority_total",
                             {{"priority", "info"}}),
            800);
}

TEST(JournalStats, MemwatchdsOwnRecordsNeverFlood) {
  JournalStats stats(lowThresholds(20, 4242));
  const std::int64_t now = wallClockSeconds();
  // Its own PID, and memwatch's MESSAGE_IDs from another memwatchd (an earlier one).
  for (int i = 0; i < 100; ++i) {
    EXPECT_FALSE(addEntry(stats, now, {"_PID=4242", "SYSLOG_IDENTIFIER=memwatchd"}));
    EXPECT_FALSE(addEntry(
        stats, now,
        {"_PID=17", "SYSLOG_IDENTIFIER=memwatchd", "MESSAGE_ID=c4d2d68063244186b7bbfb7c14a4ea9f"}));
  }
  EXPECT_FALSE(stats.anyFlooding());
  JournalStats::Snapshot snapshot = stats.snapshot(now);
  ASSERT_EQ(snapshot.producers.producers.size(), 1u);
  EXPECT_EQ(snapshot.producers.producers[0].counts.entries, 200u);  // still counted
  // Anyone else's records under the same name do flood.
  std::optional<Event> flood;
  for (int i = 0; i < 100 && !flood; ++i) {
    flood = addEntry(stats, now, {"_PID=99", "SYSLOG_IDENTIFIER=memwatchd"});
  }
  ASSERT_TRUE(flood);
  EXPECT_TRUE(floodOf(*flood).started);
}

TEST(JournalStats, CatchUpFloodsAreCountedAndPublishedButNotAnnounced) {
  JournalStats stats(lowThresholds(20));
  const std::int64_t old = wallClockSeconds() - 3000;
  std::optional<Event> started;
  for (int i = 0; i < 100 && !started; ++i) {
    started = addEntry(stats, old, {"SYSLOG_IDENTIFIER=x"}, false);
  }
  ASSERT_TRUE(started);
  EXPECT_FALSE(started->announce);
  EXPECT_EQ(floodOf(*started).wallClockSeconds, old);  // the entry's time
  // The flood clock stands at the last entry read while catching up: no end yet.
  EXPECT_TRUE(stats.tick(old).empty());
  EXPECT_TRUE(stats.tick(old + 10).empty());  // quiet from then on
  std::vector<Event> ended = stats.tick(old + 12);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_FALSE(ended[0].announce);
  EXPECT_FALSE(floodOf(ended[0]).started);
  EXPECT_EQ(stats.snapshot(old + 10).floods.values().at("x"), 1u);
}

}  // namespace
}  // namespace memwatch
