// Tests of the journal collector: every producer family bounded, without repeated labels, and
// summing to the entries, bytes and floods counted; journald's usage from its unit's cgroup
// where /proc does not show it.
#include "collectors/journal/journal_collector.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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
  JournalCollector journal(testing::fixture("proc"), "/nonexistent", std::nullopt, shared);
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

// Under memwatchd's unit, ProtectProc=invisible hides root's journald: no pid is found, and its
// CPU and memory come from its unit's cgroup.
TEST(JournalCollector, ReadsJournaldFromItsUnitsCgroupWhenProcHidesIt) {
  const std::filesystem::path sysfs =
      std::filesystem::path(::testing::TempDir()) / ("memwatch-sysfs-" + std::to_string(getpid()));
  const std::filesystem::path unit = sysfs / "fs/cgroup/system.slice/systemd-journald.service";
  std::filesystem::create_directories(unit);
  std::ofstream(unit / "cpu.stat") << "usage_usec 4500000\n";
  std::ofstream(unit / "memory.stat") << "anon 4096\nfile_mapped 4096\n";
  auto stats = std::make_shared<JournalStats>(lowThresholds(3));

  Expected<Families> live = JournalCollector("/nonexistent", sysfs, "", stats).collect();
  ASSERT_TRUE(live) << live.error().message;
  EXPECT_DOUBLE_EQ(testing::valueOf(live.value(), "memwatch_journald_cpu_seconds_total"), 4.5);
  EXPECT_DOUBLE_EQ(testing::valueOf(live.value(), "memwatch_journald_resident_memory_bytes"), 8192);

  // A directory of files has no journald of its own to report.
  Expected<Families> files = JournalCollector("/nonexistent", sysfs, std::nullopt, stats).collect();
  ASSERT_TRUE(files);
  EXPECT_EQ(testing::findFamily(files.value(), "memwatch_journald_cpu_seconds_total"), nullptr);
  std::filesystem::remove_all(sysfs);
}

}  // namespace
}  // namespace memwatch
