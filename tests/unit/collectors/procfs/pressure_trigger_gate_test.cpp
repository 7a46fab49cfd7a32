// Tests of the PSI trigger gate with the time given: one event per interval, the quiet rule for
// memory triggers, and MemAvailable / MemTotal from meminfo text.
#include "collectors/procfs/pressure_trigger_gate.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

using namespace std::chrono_literals;
using Clock = PressureTriggerGate::Clock;

TEST(PressureTriggerGate, PublishesAtMostOncePerInterval) {
  PressureTriggerGate gate(15s, std::nullopt);
  const Clock::time_point start{100s};
  EXPECT_EQ(gate.onFiring(start, std::nullopt), TriggerVerdict::kPublish);
  // The kernel fires again every window (1 s) while the stall lasts.
  for (auto later : {1s, 2s, 14s}) {
    EXPECT_EQ(gate.onFiring(start + later, std::nullopt), TriggerVerdict::kRateLimited);
  }
  EXPECT_EQ(gate.onFiring(start + 15s, std::nullopt), TriggerVerdict::kPublish);
  EXPECT_EQ(gate.onFiring(start + 29s, std::nullopt), TriggerVerdict::kRateLimited);
  EXPECT_EQ(gate.onFiring(start + 31s, std::nullopt), TriggerVerdict::kPublish);
}

TEST(PressureTriggerGate, AZeroIntervalPublishesEveryFiring) {
  PressureTriggerGate gate(0s, std::nullopt);
  EXPECT_EQ(gate.onFiring(Clock::time_point{1s}, std::nullopt), TriggerVerdict::kPublish);
  EXPECT_EQ(gate.onFiring(Clock::time_point{1s}, std::nullopt), TriggerVerdict::kPublish);
}

TEST(PressureTriggerGate, StaysQuietWhileEnoughMemoryIsAvailable) {
  PressureTriggerGate gate(15s, 0.5);
  ASSERT_TRUE(gate.needsAvailableRatio());
  const Clock::time_point start{100s};
  EXPECT_EQ(gate.onFiring(start, 0.5), TriggerVerdict::kMemoryAvailable);
  EXPECT_EQ(gate.onFiring(start + 1s, 0.9), TriggerVerdict::kMemoryAvailable);
  // A quiet firing did not start the interval: the first one short of memory is published.
  EXPECT_EQ(gate.onFiring(start + 2s, 0.49), TriggerVerdict::kPublish);
  EXPECT_EQ(gate.onFiring(start + 3s, 0.2), TriggerVerdict::kRateLimited);
  // Quiet wins over the rate limit: the reason counted is the one that matters.
  EXPECT_EQ(gate.onFiring(start + 4s, 0.7), TriggerVerdict::kMemoryAvailable);
}

TEST(PressureTriggerGate, AnUnknownShareIsNotQuiet) {
  PressureTriggerGate gate(15s, 0.5);
  EXPECT_EQ(gate.onFiring(Clock::time_point{1s}, std::nullopt), TriggerVerdict::kPublish);
}

TEST(PressureTriggerGate, TriggersWithoutTheRuleIgnoreTheShare) {
  PressureTriggerGate gate(15s, std::nullopt);
  EXPECT_FALSE(gate.needsAvailableRatio());
  EXPECT_EQ(gate.onFiring(Clock::time_point{1s}, 0.99), TriggerVerdict::kPublish);
}

TEST(MemoryAvailableRatio, IsMemAvailableOverMemTotal) {
  auto ratio = memoryAvailableRatio(
      "MemTotal:       1000 kB\nMemFree:         100 kB\nMemAvailable:    250 kB\n");
  ASSERT_TRUE(ratio);
  EXPECT_DOUBLE_EQ(*ratio, 0.25);
}

TEST(MemoryAvailableRatio, IsUnknownWithoutBothFieldsOrWithGarbage) {
  EXPECT_FALSE(memoryAvailableRatio("MemTotal: 1000 kB\nMemFree: 100 kB\n"));  // before 3.14
  EXPECT_FALSE(memoryAvailableRatio("MemTotal: 0 kB\nMemAvailable: 0 kB\n"));
  EXPECT_FALSE(memoryAvailableRatio("garbage\n"));
}

}  // namespace
}  // namespace memwatch
