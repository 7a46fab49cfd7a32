#include "collectors/oom/oom_stats.h"

#include <gtest/gtest.h>

#include <string>

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

TEST(OomStats, BoundsUnitSeriesAndKeepsEveryConstraint) {
  OomStats log(2);
  log.record(killIn("a.service", 1));
  log.record(killIn("b.scope", 2));
  log.record(killIn("c.service", 3));  // beyond the two named units
  log.record(killIn("a.service", 4));
  log.record(killIn("", 5));  // outside any unit: also beyond the bound
  OomStats::Counters counters = log.counters();
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

}  // namespace
}  // namespace memwatch
