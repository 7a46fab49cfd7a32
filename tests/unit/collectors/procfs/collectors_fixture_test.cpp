// Each collector against the fixture trees: the real capture and the edge cases.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "collectors/procfs/buddyinfo_collector.h"
#include "collectors/procfs/meminfo_collector.h"
#include "collectors/procfs/pressure_collector.h"
#include "collectors/procfs/vmstat_collector.h"
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

TEST(VmstatCollector, FiltersFieldsByRegexAndIsUntyped) {
  VmstatCollector collector(fixture("proc"), std::regex("^(oom_kill|pgfault)$"));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  ASSERT_EQ(families.value().size(), 2u);
  EXPECT_EQ(families.value()[0].name, "node_vmstat_pgfault");
  EXPECT_EQ(families.value()[0].type, prometheus::MetricType::Untyped);
  EXPECT_EQ(families.value()[0].help, "/proc/vmstat information field pgfault.");
  EXPECT_EQ(families.value()[1].name, "node_vmstat_oom_kill");
}

TEST(VmstatCollector, DefaultFilterIsASupersetOfNodeExporters) {
  VmstatCollector ours(fixture("proc"), std::regex(kDefaultVmstatFields));
  VmstatCollector nodeExporters(fixture("proc"), std::regex("^(oom_kill|pgpg|pswp|pg.*fault).*"));
  auto mine = ours.collect();
  auto theirs = nodeExporters.collect();
  ASSERT_TRUE(mine && theirs);
  for (const auto& family : theirs.value()) {
    EXPECT_NE(findFamily(mine.value(), family.name), nullptr) << family.name;
  }
  EXPECT_NE(findFamily(mine.value(), "node_vmstat_compact_stall"), nullptr);
  EXPECT_NE(findFamily(mine.value(), "node_vmstat_workingset_refault_file"), nullptr);
  EXPECT_EQ(findFamily(mine.value(), "node_vmstat_nr_free_pages"), nullptr);
}

TEST(VmstatCollector, HugeNumbersSurvive) {
  VmstatCollector collector(fixture("edge/huge"), std::regex(kDefaultVmstatFields));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  EXPECT_DOUBLE_EQ(valueOf(families.value(), "node_vmstat_pgfault"), 18446744073709551615.0);
}

TEST(PressureCollector, RealCaptureWithIrq) {
  PressureCollector collector(fixture("proc"));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  const auto& f = families.value();
  for (const char* name :
       {"node_pressure_cpu_waiting_seconds_total", "node_pressure_io_waiting_seconds_total",
        "node_pressure_io_stalled_seconds_total", "node_pressure_memory_waiting_seconds_total",
        "node_pressure_memory_stalled_seconds_total", "node_pressure_irq_stalled_seconds_total"}) {
    const auto* family = findFamily(f, name);
    ASSERT_NE(family, nullptr) << name;
    EXPECT_EQ(family->type, prometheus::MetricType::Counter);
  }
  // cpu "full" is not a node_exporter family.
  EXPECT_EQ(findFamily(f, "node_pressure_cpu_stalled_seconds_total"), nullptr);
  EXPECT_DOUBLE_EQ(valueOf(f, "node_pressure_irq_stalled_seconds_total"), 4.321987);
  EXPECT_DOUBLE_EQ(valueOf(f, "memwatch_pressure_ratio",
                           {{"resource", "irq"}, {"kind", "full"}, {"window", "10s"}}),
                   0.0012);
  EXPECT_TRUE(
      std::isnan(valueOf(f, "memwatch_pressure_ratio", {{"resource", "cpu"}, {"kind", "full"}})));
}

TEST(PressureCollector, MemoryWithoutFullAndIrqWithOnlyFull) {
  PressureCollector collector(fixture("edge/numa"));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  const auto& f = families.value();
  EXPECT_DOUBLE_EQ(valueOf(f, "node_pressure_memory_waiting_seconds_total"), 98.765432);
  EXPECT_EQ(findFamily(f, "node_pressure_memory_stalled_seconds_total"), nullptr);
  EXPECT_DOUBLE_EQ(valueOf(f, "node_pressure_irq_stalled_seconds_total"), 0.000042);
  EXPECT_DOUBLE_EQ(valueOf(f, "memwatch_pressure_ratio",
                           {{"resource", "memory"}, {"kind", "some"}, {"window", "10s"}}),
                   0.1234);
  EXPECT_DOUBLE_EQ(valueOf(f, "memwatch_pressure_ratio",
                           {{"resource", "cpu"}, {"kind", "some"}, {"window", "300s"}}),
                   0.002);
}

TEST(PressureCollector, NoPressureDirectoryIsNoData) {
  PressureCollector collector(fixture("edge/no-pressure"));
  auto families = collector.collect();
  ASSERT_FALSE(families);
  EXPECT_TRUE(families.error().noData);
  EXPECT_NE(families.error().message.find("CONFIG_PSI"), std::string::npos);
}

TEST(PressureCollector, IrqIsOptionalButOthersAreNot) {
  PressureCollector withoutIrq(fixture("edge/huge"));
  auto families = withoutIrq.collect();
  ASSERT_TRUE(families) << families.error().message;
  EXPECT_EQ(findFamily(families.value(), "node_pressure_irq_stalled_seconds_total"), nullptr);
  EXPECT_DOUBLE_EQ(valueOf(families.value(), "node_pressure_memory_stalled_seconds_total"),
                   18446744073709.551615);
}

TEST(PressureCollector, GarbageIsAnErrorNotNoData) {
  PressureCollector collector(fixture("edge/garbage"));
  auto families = collector.collect();
  ASSERT_FALSE(families);
  EXPECT_FALSE(families.error().noData);
  EXPECT_NE(families.error().message.find("pressure/cpu: line 1"), std::string::npos);
}

TEST(BuddyinfoCollector, EmitsNodeExporterBlocksAndFragmentation) {
  BuddyinfoCollector collector(fixture("edge/numa"), 4096);
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  const auto& f = families.value();
  const auto* blocks = findFamily(f, "node_buddyinfo_blocks");
  ASSERT_NE(blocks, nullptr);
  EXPECT_EQ(blocks->help, "Count of free blocks according to size.");
  EXPECT_EQ(blocks->metric.size(), 5u * 11);
  EXPECT_EQ(valueOf(f, "node_buddyinfo_blocks", {{"node", "1"}, {"zone", "Normal"}, {"size", "0"}}),
            23456);
  // Node 1 Normal: the largest non-empty order is 8 (one block of 256 pages).
  EXPECT_EQ(valueOf(f, "memwatch_buddyinfo_largest_free_block_bytes",
                    {{"node", "1"}, {"zone", "Normal"}}),
            256.0 * 4096);
  EXPECT_EQ(valueOf(f, "memwatch_buddyinfo_free_bytes", {{"node", "1"}, {"zone", "Movable"}}), 0);
  EXPECT_EQ(valueOf(f, "memwatch_fragmentation_unusable_ratio",
                    {{"node", "1"}, {"zone", "Movable"}, {"order", "10"}}),
            0);
  EXPECT_EQ(valueOf(f, "memwatch_fragmentation_unusable_ratio",
                    {{"node", "1"}, {"zone", "Normal"}, {"order", "10"}}),
            1);
  EXPECT_EQ(findFamily(f, "memwatch_fragmentation_unusable_ratio")->metric.size(), 5u * 11);
}

TEST(BuddyinfoCollector, RaggedFileFails) {
  BuddyinfoCollector collector(fixture("edge/garbage"), 4096);
  EXPECT_FALSE(collector.collect());
}

}  // namespace
}  // namespace memwatch
