// Tests of JournalStats: flood_active bounded by the series, flooding producers busiest first, own
// records exempt, and catch-up floods not announced.
#include "collectors/journal/journal_stats.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "collectors/base/wall_clock.h"
#include "tests/unit/collectors/journal/journal_samples.h"

namespace memwatch {
namespace {

using testing::addEntry;
using testing::floodOf;
using testing::lowThresholds;

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
}

TEST(JournalStats, ListsTheFloodingProducersBusiestFirst) {
  JournalStats stats(lowThresholds(1));  // one series: floods are listed with or without one
  const std::int64_t now = wallClockSeconds();
  for (int i = 0; i < 40; ++i) addEntry(stats, now, {"SYSLOG_IDENTIFIER=busy"});
  for (int i = 0; i < 20; ++i) addEntry(stats, now, {"SYSLOG_IDENTIFIER=chatty"});
  for (int i = 0; i < 3; ++i) addEntry(stats, now, {"SYSLOG_IDENTIFIER=quiet"});
  std::vector<ProducerTable::Rate> flooding = stats.flooding(now);
  ASSERT_EQ(flooding.size(), 2u);
  EXPECT_EQ(flooding[0].producer, "busy");
  EXPECT_EQ(flooding[1].producer, "chatty");
  EXPECT_EQ(stats.busiest(now, 10).size(), 3u);
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
