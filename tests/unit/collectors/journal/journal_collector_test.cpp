// Tests of the journal collector: every producer family bounded, without repeated labels, and
// summing to the entries, bytes and floods counted.
#include "collectors/journal/journal_collector.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "collectors/base/wall_clock.h"
#include "tests/unit/collectors/journal/journal_samples.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using testing::addEntry;
using testing::lowThresholds;

TEST(JournalCollector, EveryProducerFamilyIsBoundedAndAddsUp) {
  constexpr std::size_t kTop = 3;
  const std::int64_t now = wallClockSeconds();
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
}  // namespace
}  // namespace memwatch
