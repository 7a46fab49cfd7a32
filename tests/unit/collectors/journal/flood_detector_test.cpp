// Tests of FloodDetector: floods start at the threshold (bytes alone too) and end after a window
// below half; out-of-order times and early ticks.
#include "collectors/journal/flood_detector.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

constexpr int kWindow = 10;
const FloodThresholds kThresholds{.entriesPerSecond = 100, .bytesPerSecond = 1e9};

// `perSecond` entries in each second of [from, to), on a fake clock.
FloodDetector::Change feed(FloodDetector& detector, std::int64_t from, std::int64_t to,
                           int perSecond, FloodDetector::Change watchFor) {
  FloodDetector::Change seen = FloodDetector::Change::None;
  for (std::int64_t second = from; second < to; ++second) {
    for (int i = 0; i < perSecond; ++i) {
      if (detector.add(second, 10, kWindow, kThresholds) == watchFor) seen = watchFor;
    }
  }
  return seen;
}

TEST(FloodDetector, StartsWhenTheWindowRateReachesTheThreshold) {
  FloodDetector detector;
  // 50/s stays below 100/s however long it lasts.
  EXPECT_EQ(feed(detector, 0, 30, 50, FloodDetector::Change::Started), FloodDetector::Change::None);
  EXPECT_FALSE(detector.flooding());
  // 300/s from second 30: at second 31 the window (22..31] holds 8 s of 50/s and 2 s of 300/s,
  // 1000 entries: 100/s, the threshold.
  FloodDetector::Change change = FloodDetector::Change::None;
  std::int64_t startedAt = -1;
  for (std::int64_t second = 30; second < 40 && startedAt < 0; ++second) {
    for (int i = 0; i < 300; ++i) {
      change = detector.add(second, 10, kWindow, kThresholds);
      if (change == FloodDetector::Change::Started) startedAt = second;
    }
  }
  EXPECT_EQ(startedAt, 31);
  EXPECT_TRUE(detector.flooding());
}

TEST(FloodDetector, EndsOnlyAfterAWholeWindowBelowHalf) {
  FloodDetector detector;
  feed(detector, 0, 10, 500, FloodDetector::Change::Started);
  ASSERT_TRUE(detector.flooding());
  // 80/s is below the threshold but above half of it: the flood goes on.
  feed(detector, 10, 40, 80, FloodDetector::Change::Ended);
  EXPECT_TRUE(detector.flooding());
  // Silence: the window empties, the rate is below 50/s from second ~46, and the flood ends a
  // whole window after that, not before.
  std::int64_t endedAt = -1;
  for (std::int64_t second = 40; second < 80 && endedAt < 0; ++second) {
    if (detector.tick(second, kWindow, kThresholds) == FloodDetector::Change::Ended) {
      endedAt = second;
    }
  }
  EXPECT_GE(endedAt, 40 + kWindow);
  EXPECT_LE(endedAt, 40 + 2 * kWindow);
  EXPECT_FALSE(detector.flooding());
}

TEST(FloodDetector, BytesAloneCanFlood) {
  FloodDetector detector;
  const FloodThresholds bytes{.entriesPerSecond = 1e9, .bytesPerSecond = 1000};
  FloodDetector::Change change = FloodDetector::Change::None;
  for (int i = 0; i < 10 && change == FloodDetector::Change::None; ++i) {
    change = detector.add(5, 2000, kWindow, bytes);
  }
  EXPECT_EQ(change, FloodDetector::Change::Started);
}

TEST(FloodDetector, OutOfOrderTimesDoNotEraseNewerCounts) {
  FloodDetector detector;
  for (int i = 0; i < 50; ++i) detector.add(100, 1, kWindow, kThresholds);
  detector.add(95, 1, kWindow, kThresholds);  // counted as now, not as 5 s ago
  EXPECT_DOUBLE_EQ(detector.entriesPerSecond(100, kWindow), 51.0 / kWindow);
}

// add() and tick() share one clock that never goes back: a tick at a time before the newest
// entry (the wall clock behind the entries' timestamps) evaluates at that entry's time, and so
// cannot end a flood the window still holds.
TEST(FloodDetector, ATickBeforeTheNewestEntryDoesNotEndTheFlood) {
  FloodDetector detector;
  feed(detector, 1000, 1010, 500, FloodDetector::Change::Started);
  ASSERT_TRUE(detector.flooding());
  for (std::int64_t second = 0; second < 1000; second += 7) {
    EXPECT_EQ(detector.tick(second, kWindow, kThresholds), FloodDetector::Change::None);
  }
  EXPECT_TRUE(detector.flooding());
  EXPECT_EQ(detector.tick(1009 + 2 * kWindow, kWindow, kThresholds), FloodDetector::Change::None);
  EXPECT_EQ(detector.tick(1009 + 3 * kWindow, kWindow, kThresholds), FloodDetector::Change::Ended);
}

}  // namespace
}  // namespace memwatch
