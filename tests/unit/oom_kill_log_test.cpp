#include "collectors/oom_kill_log.h"

#include <gtest/gtest.h>

#include <string>

#include "collectors/oom_collector.h"
#include "unit/test_support.h"

namespace memwatch {
namespace {

OomKill killIn(const std::string& unit, int pid) {
  OomKill kill;
  kill.pid = pid;
  kill.unit = unit;
  kill.constraint = "memcg";
  kill.wallClockSeconds = 1000 + pid;
  return kill;
}

TEST(OomKillLog, BoundsUnitSeriesAndKeepsEveryConstraint) {
  OomKillLog log(2);
  log.record(killIn("a.service", 1));
  log.record(killIn("b.scope", 2));
  log.record(killIn("c.service", 3));  // beyond the two named units
  log.record(killIn("a.service", 4));
  log.record(killIn("", 5));  // outside any unit: also beyond the bound
  OomKillLog::Counters counters = log.counters();
  EXPECT_EQ(counters.kills, 5u);
  const auto& byUnit = counters.byUnit.values();
  EXPECT_EQ(byUnit.size(), 3u);
  EXPECT_EQ(byUnit.at("a.service"), 2u);
  EXPECT_EQ(byUnit.at("b.scope"), 1u);
  EXPECT_EQ(byUnit.at("other"), 2u);
  EXPECT_EQ(counters.byConstraint.size(), 4u);
  EXPECT_EQ(counters.byConstraint["memcg"], 5u);
  EXPECT_EQ(counters.byConstraint["none"], 0u);
  EXPECT_EQ(counters.lastKillWallClockSeconds, 1005.0);
}

TEST(OomKillLog, KeepsTheNewestKillsOnly) {
  OomKillLog log(10);
  const int total = static_cast<int>(OomKillLog::kRecentKills) + 50;
  for (int pid = 1; pid <= total; ++pid) log.record(killIn("a.service", pid));
  std::vector<OomKill> recent = log.recentKills();
  ASSERT_EQ(recent.size(), OomKillLog::kRecentKills);
  EXPECT_EQ(recent.front().pid, total);
  EXPECT_EQ(recent.back().pid, total - static_cast<int>(OomKillLog::kRecentKills) + 1);
}

TEST(OomCollector, ReportsKillsUnattributedAndSourceErrors) {
  auto log = std::make_shared<OomKillLog>(5);
  // /proc/vmstat there says the kernel killed 3 processes since boot.
  OomCollector collector(testing::fixture("edge/oom-kills"), log);
  Expected<Families> families = collector.collect();
  ASSERT_TRUE(families);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_total",
                             {{"killer", "kernel"}, {"constraint", "none"}}),
            0);
  EXPECT_EQ(testing::findFamily(families.value(), "memwatch_oom_last_kill_timestamp_seconds"),
            nullptr);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total"), 3);

  log->record(killIn("a.service", 1));
  families = collector.collect();
  ASSERT_TRUE(families);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_by_unit_total",
                             {{"unit", "a.service"}}),
            1);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total"), 2);

  log->setSourceError("cannot read /dev/kmsg: Operation not permitted");
  EXPECT_FALSE(collector.collect());
}

}  // namespace
}  // namespace memwatch
