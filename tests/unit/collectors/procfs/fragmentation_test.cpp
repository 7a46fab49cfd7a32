// Tests of computeFragmentation(): free bytes, largest block and unusable index; an empty zone and
// huge counts.
#include "collectors/procfs/fragmentation.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

constexpr std::uint64_t kPage = 4096;

TEST(Fragmentation, ComputesFreeBytesLargestBlockAndUnusableIndex) {
  // 4 order-0 blocks (4 pages), 2 order-1 (4 pages), 1 order-2 (4 pages): 12 free pages.
  std::vector<std::uint64_t> blocks{4, 2, 1, 0};
  ZoneFragmentation f = computeFragmentation(blocks, kPage);
  EXPECT_DOUBLE_EQ(f.freeBytes, 12.0 * kPage);
  EXPECT_DOUBLE_EQ(f.largestFreeBlockBytes, 4.0 * kPage);
  ASSERT_EQ(f.unusableRatioByOrder.size(), 4u);
  EXPECT_DOUBLE_EQ(f.unusableRatioByOrder[0], 0.0);       // every free page serves order 0
  EXPECT_DOUBLE_EQ(f.unusableRatioByOrder[1], 4.0 / 12);  // order-0 pages cannot serve order 1
  EXPECT_DOUBLE_EQ(f.unusableRatioByOrder[2], 8.0 / 12);
  EXPECT_DOUBLE_EQ(f.unusableRatioByOrder[3], 1.0);  // nothing of order 3 is free
}

TEST(Fragmentation, EmptyZoneIsZeroEverywhere) {
  std::vector<std::uint64_t> blocks(11, 0);
  ZoneFragmentation f = computeFragmentation(blocks, kPage);
  EXPECT_EQ(f.freeBytes, 0);
  EXPECT_EQ(f.largestFreeBlockBytes, 0);
  for (double ratio : f.unusableRatioByOrder) EXPECT_EQ(ratio, 0);
}

TEST(Fragmentation, HugeCountsDoNotWrapAround) {
  std::vector<std::uint64_t> blocks{18446744073709551615ull, 0, 4294967296ull};
  ZoneFragmentation f = computeFragmentation(blocks, kPage);
  EXPECT_GT(f.freeBytes, 7e22);
  EXPECT_DOUBLE_EQ(f.largestFreeBlockBytes, 4.0 * kPage);
  for (double ratio : f.unusableRatioByOrder) {
    EXPECT_GE(ratio, 0);
    EXPECT_LE(ratio, 1);
  }
}

}  // namespace
}  // namespace memwatch
