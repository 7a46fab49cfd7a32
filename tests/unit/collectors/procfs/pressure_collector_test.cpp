// The pressure collector against the fixture trees: the real capture and the edge cases.
#include "collectors/procfs/pressure_collector.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using testing::findFamily;
using testing::fixture;
using testing::valueOf;

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

}  // namespace
}  // namespace memwatch
