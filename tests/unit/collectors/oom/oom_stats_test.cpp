// Tests of OomStats: unit series bounded with "other", every constraint kept, the newest kill time.
#include "collectors/oom/oom_stats.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/collectors/oom/oom_samples.h"

namespace memwatch {
namespace {

using testing::killIn;

TEST(OomStats, BoundsUnitSeriesAndKeepsEveryConstraint) {
  OomStats stats(2);
  stats.record(killIn("a.service", 1));
  stats.record(killIn("b.scope", 2));
  stats.record(killIn("c.service", 3));  // beyond the two named units
  stats.record(killIn("a.service", 4));
  stats.record(killIn("", 5));  // outside any unit: also beyond the bound
  OomStats::Counters counters = stats.counters();
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
