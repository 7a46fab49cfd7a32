// Tests of the alert state machine: firing and resending with endsAt = now + 4 intervals, holds
// running out, a flood's end, resolved alerts re-sent for 15 minutes then forgotten, batches of
// 256, the bound and what it drops.
#include "daemon/alerts/alert_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

using testing::sampleFlood;
using testing::sampleKill;
using testing::samplePressure;

constexpr double kT0 = 1795583521;  // the samples' time

AlertTableSettings settings(std::size_t capacity = 1024) {
  return {.instance = "host-1",
          .resendIntervalSeconds = 60,
          .oomKillHoldSeconds = 900,
          .pressureHoldSeconds = 300,
          .capacity = capacity};
}

std::vector<SentAlert> all(const AlertTable& table, double now) {
  std::vector<SentAlert> out;
  for (auto& batch : table.batches(now)) out.insert(out.end(), batch.begin(), batch.end());
  return out;
}

TEST(AlertTable, AnOomKillFiresWithItsVictimAndIsResentEndingFourIntervalsOn) {
  AlertTable table(settings());
  EXPECT_TRUE(table.apply(Event{.what = sampleKill()}, kT0 + 1));
  std::vector<SentAlert> sent = all(table, kT0 + 1.5);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].labels, (AlertLabels{{"alertname", "MemwatchOOMKill"},
                                         {"instance", "host-1"},
                                         {"unit", "app.service"},
                                         {"killer", "kernel"},
                                         {"severity", "critical"}}));
  EXPECT_EQ(sent[0].annotations.at("pid"), "4242");
  EXPECT_EQ(sent[0].annotations.at("comm"), "my \"app\"");
  EXPECT_EQ(sent[0].annotations.at("cgroup"), "/system.slice/app.service");
  EXPECT_EQ(sent[0].annotations.at("anon_rss_bytes"), std::to_string(32 << 20));
  EXPECT_EQ(sent[0].annotations.at("summary"), "OOM kill of my \"app\" (pid 4242) in app.service");
  EXPECT_NE(sent[0].annotations.at("description").find("OOM kill: pid 4242"), std::string::npos);
  EXPECT_DOUBLE_EQ(sent[0].startsAt, 1795583521.686);  // the kill's own time
  EXPECT_DOUBLE_EQ(sent[0].endsAt, kT0 + 1.5 + 240);
  // A minute on, the same alert again, its end pushed on.
  EXPECT_FALSE(table.advance(kT0 + 60));
  sent = all(table, kT0 + 60);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_DOUBLE_EQ(sent[0].endsAt, kT0 + 60 + 240);
  EXPECT_DOUBLE_EQ(sent[0].startsAt, 1795583521.686);
}

TEST(AlertTable, AKillWithoutUnitIsKeyedByCommAndKillsOfOneUnitAreOneAlert) {
  AlertTable table(settings());
  OomKill kill = sampleKill();
  table.apply(Event{.what = kill}, kT0 + 1);
  kill.pid = 4343;
  table.apply(Event{.what = kill}, kT0 + 100);
  kill.unit = "";
  kill.comm = "stray";
  table.apply(Event{.what = kill}, kT0 + 101);
  std::vector<SentAlert> sent = all(table, kT0 + 102);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(table.size(), 2u);
  for (const SentAlert& alert : sent) {
    if (alert.labels.contains("unit")) {
      EXPECT_EQ(alert.annotations.at("pid"), "4343");  // the newest victim
      EXPECT_EQ(alert.annotations.at("events"), "2");
      EXPECT_DOUBLE_EQ(alert.startsAt, 1795583521.686);
    } else {
      EXPECT_EQ(alert.labels.at("comm"), "stray");
    }
  }
}

TEST(AlertTable, TheHoldRunsOutIntoAResolutionResentForFifteenMinutes) {
  AlertTable table(settings());
  table.apply(Event{.what = sampleKill()}, kT0 + 1);
  // The second kill restarts the hold.
  table.apply(Event{.what = sampleKill()}, kT0 + 500);
  EXPECT_DOUBLE_EQ(table.nextDeadline(), kT0 + 500 + 900);
  EXPECT_FALSE(table.advance(kT0 + 1399));
  EXPECT_TRUE(table.advance(kT0 + 1400));
  std::vector<SentAlert> sent = all(table, kT0 + 1400);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_DOUBLE_EQ(sent[0].endsAt, kT0 + 1400);
  // Re-sent as resolved, with the same end, until 15 minutes have passed.
  EXPECT_FALSE(table.advance(kT0 + 1400 + 899));
  sent = all(table, kT0 + 1400 + 899);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_DOUBLE_EQ(sent[0].endsAt, kT0 + 1400);
  EXPECT_DOUBLE_EQ(table.nextDeadline(), kT0 + 1400 + 900);
  table.advance(kT0 + 1400 + 900);
  EXPECT_EQ(table.size(), 0u);
  EXPECT_TRUE(table.batches(kT0 + 2400).empty());
  EXPECT_TRUE(std::isinf(table.nextDeadline()));
}

TEST(AlertTable, AKillAfterTheResolutionStartsANewAlert) {
  AlertTable table(settings());
  table.apply(Event{.what = sampleKill()}, kT0 + 1);
  table.advance(kT0 + 1000);
  OomKill later = sampleKill();
  later.wallClockSeconds = kT0 + 1100;
  table.apply(Event{.what = later}, kT0 + 1100.5);
  std::vector<SentAlert> sent = all(table, kT0 + 1101);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_DOUBLE_EQ(sent[0].startsAt, kT0 + 1100);
  EXPECT_DOUBLE_EQ(sent[0].endsAt, kT0 + 1101 + 240);
  EXPECT_FALSE(sent[0].annotations.contains("events"));
}

TEST(AlertTable, AFloodFiresUntilItsEndWhichResolvesIt) {
  AlertTable table(settings());
  EXPECT_TRUE(table.apply(Event{.what = sampleFlood("chatty", true)}, kT0 + 0.5));
  EXPECT_TRUE(std::isinf(table.nextDeadline()));
  EXPECT_FALSE(table.advance(kT0 + 86400));
  std::vector<SentAlert> sent = all(table, kT0 + 86400);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].labels, (AlertLabels{{"alertname", "MemwatchJournalFlood"},
                                         {"instance", "host-1"},
                                         {"producer", "chatty"},
                                         {"severity", "warning"}}));
  EXPECT_EQ(sent[0].annotations.at("entries_per_second"), "5000");
  EXPECT_EQ(sent[0].annotations.at("bytes_per_second"), "60000");
  EXPECT_EQ(sent[0].annotations.at("threshold_entries_per_second"), "1000");
  EXPECT_EQ(sent[0].annotations.at("summary"), "chatty floods the journal");
  EXPECT_TRUE(table.apply(Event{.what = sampleFlood("chatty", false)}, kT0 + 86401));
  sent = all(table, kT0 + 86402);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_DOUBLE_EQ(sent[0].endsAt, kT0 + 86401);
  // An end without a start (its start was dropped, or old) changes nothing.
  EXPECT_FALSE(table.apply(Event{.what = sampleFlood("other", false)}, kT0 + 86403));
  EXPECT_FALSE(table.apply(Event{.what = sampleFlood("chatty", false)}, kT0 + 86403));
  EXPECT_EQ(table.size(), 1u);
}

TEST(AlertTable, PressureFiresForItsHold) {
  AlertTable table(settings());
  table.apply(Event{.what = samplePressure()}, kT0 + 1);
  std::vector<SentAlert> sent = all(table, kT0 + 2);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].labels.at("alertname"), "MemwatchMemoryPressure");
  EXPECT_EQ(sent[0].labels.at("resource"), "memory");
  EXPECT_EQ(sent[0].labels.at("kind"), "some");
  EXPECT_EQ(sent[0].annotations.at("avg10"), "12.5");
  EXPECT_EQ(sent[0].annotations.at("stall_us"), "70000");
  EXPECT_DOUBLE_EQ(table.nextDeadline(), kT0 + 301);
  EXPECT_TRUE(table.advance(kT0 + 301));
}

TEST(AlertTable, SendsInBatchesOf256) {
  AlertTable table(settings());
  for (int i = 0; i < 600; ++i) {
    table.apply(Event{.what = sampleFlood("p" + std::to_string(i), true)}, kT0 + i);
  }
  std::vector<std::vector<SentAlert>> batches = table.batches(kT0 + 601);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].size(), 256u);
  EXPECT_EQ(batches[1].size(), 256u);
  EXPECT_EQ(batches[2].size(), 88u);
  EXPECT_EQ(table.dropped(), 0u);
}

TEST(AlertTable, TheBoundDropsResolvedAlertsFirstThenTheOldestFiringAndCountsThem) {
  AlertTable table(settings(3));
  table.apply(Event{.what = sampleFlood("a", true)}, kT0 + 1);
  table.apply(Event{.what = sampleFlood("b", true)}, kT0 + 2);
  table.apply(Event{.what = sampleFlood("c", true)}, kT0 + 3);
  table.apply(Event{.what = sampleFlood("b", false)}, kT0 + 4);
  table.apply(Event{.what = sampleFlood("d", true)}, kT0 + 5);  // drops the resolved b
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.dropped(), 1u);
  JournalFlood e = sampleFlood("e", true);
  e.wallClockSeconds = kT0 + 6;
  table.apply(Event{.what = e}, kT0 + 6);  // drops a, which started first
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.dropped(), 2u);
  std::vector<std::string> producers;
  for (const SentAlert& alert : all(table, kT0 + 7))
    producers.push_back(alert.labels.at("producer"));
  std::sort(producers.begin(), producers.end());
  // c and d carry the samples' time, before e's.
  EXPECT_EQ(producers, (std::vector<std::string>{"c", "d", "e"}));
  // Updating an alert held drops nothing.
  table.apply(Event{.what = sampleFlood("c", true)}, kT0 + 8);
  EXPECT_EQ(table.dropped(), 2u);
}

TEST(AlertTable, TextFromTheHostBecomesValidUtf8) {
  AlertTable table(settings());
  table.apply(Event{.what = sampleFlood("bad\xff", true)}, kT0 + 1);
  EXPECT_EQ(all(table, kT0 + 2)[0].labels.at("producer"), "bad\xEF\xBF\xBD");
}

}  // namespace
}  // namespace memwatch
