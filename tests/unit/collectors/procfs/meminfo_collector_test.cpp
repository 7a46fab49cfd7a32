// The meminfo collector against the fixture trees: the real capture and the edge cases.
#include "collectors/procfs/meminfo_collector.h"

#include <gtest/gtest.h>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using testing::findFamily;
using testing::fixture;
using testing::valueOf;

TEST(MeminfoCollector, EmitsOneGaugePerLine) {
  MeminfoCollector collector(fixture("proc"));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  const auto* total = findFamily(families.value(), "node_memory_MemTotal_bytes");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->type, prometheus::MetricType::Gauge);
  EXPECT_EQ(total->help, "Memory information field MemTotal_bytes.");
  EXPECT_EQ(valueOf(families.value(), "node_memory_HugePages_Total"), 0);
  EXPECT_NE(findFamily(families.value(), "node_memory_Active_anon_bytes"), nullptr);
}

TEST(MeminfoCollector, GarbageFailsWithThePath) {
  MeminfoCollector collector(fixture("edge/garbage"));
  auto families = collector.collect();
  ASSERT_FALSE(families);
  EXPECT_NE(families.error().message.find("edge/garbage/meminfo: line 2"), std::string::npos);
}

TEST(MeminfoCollector, MissingFileFailsNamingIt) {
  MeminfoCollector collector(fixture("does-not-exist"));
  auto families = collector.collect();
  ASSERT_FALSE(families);
  EXPECT_NE(families.error().message.find("does-not-exist/meminfo"), std::string::npos);
  EXPECT_FALSE(families.error().noData);
}

}  // namespace
}  // namespace memwatch
