// The pressure collector against the fixture trees: the real capture and the edge cases; and the
// PSI triggers' families from their stats.
#include "collectors/procfs/pressure_collector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

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

TEST(PressureCollector, WithoutTriggersItHasNoTriggerFamilies) {
  auto stats = std::make_shared<PressureTriggerStats>();
  PressureCollector collector(fixture("proc"), stats);
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  EXPECT_EQ(findFamily(families.value(), "memwatch_pressure_triggers"), nullptr);
}

TEST(PressureCollector, TriggersAreListedAndCountedByResourceAndKind) {
  auto stats = std::make_shared<PressureTriggerStats>();
  auto add = [&](std::string_view text) {
    return stats->add(parsePressureTriggerSpec(text).value());
  };
  const std::size_t some70 = add("memory some 70000 1000000");
  const std::size_t some100 = add("memory some 100000 1000000");
  const std::size_t cpu = add("cpu some 100000 1000000");
  stats->setArmed(some70, true);
  stats->setArmed(some100, true);  // cpu: refused by the kernel, left unarmed
  stats->count(some70, TriggerVerdict::kPublish);
  stats->count(some100, TriggerVerdict::kPublish);
  stats->count(some100, TriggerVerdict::kRateLimited);
  stats->count(some70, TriggerVerdict::kMemoryAvailable);
  stats->count(cpu, TriggerVerdict::kRateLimited);

  PressureCollector collector(fixture("proc"), stats);
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  const auto& f = families.value();
  const Labels memorySome70 = {
      {"resource", "memory"}, {"kind", "some"}, {"stall_us", "70000"}, {"window_us", "1000000"}};
  EXPECT_EQ(valueOf(f, "memwatch_pressure_triggers", memorySome70), 1);
  EXPECT_EQ(valueOf(f, "memwatch_pressure_triggers", {{"resource", "cpu"}}), 0);
  EXPECT_EQ(findFamily(f, "memwatch_pressure_triggers")->metric.size(), 3u);

  EXPECT_EQ(valueOf(f, "memwatch_pressure_trigger_events_total",
                    {{"resource", "memory"}, {"kind", "some"}}),
            2);
  EXPECT_EQ(
      valueOf(f, "memwatch_pressure_trigger_events_total", {{"resource", "cpu"}, {"kind", "some"}}),
      0);
  EXPECT_EQ(findFamily(f, "memwatch_pressure_trigger_events_total")->type,
            prometheus::MetricType::Counter);
  EXPECT_EQ(valueOf(f, "memwatch_pressure_trigger_suppressed_total",
                    {{"resource", "memory"}, {"kind", "some"}, {"reason", "rate_limit"}}),
            1);
  EXPECT_EQ(valueOf(f, "memwatch_pressure_trigger_suppressed_total",
                    {{"resource", "memory"}, {"kind", "some"}, {"reason", "memory_available"}}),
            1);
  EXPECT_EQ(valueOf(f, "memwatch_pressure_trigger_suppressed_total",
                    {{"resource", "cpu"}, {"kind", "some"}, {"reason", "rate_limit"}}),
            1);
  // The quiet rule is for memory only: cpu has no memory_available series.
  EXPECT_EQ(findFamily(f, "memwatch_pressure_trigger_suppressed_total")->metric.size(), 3u);
}

}  // namespace
}  // namespace memwatch
