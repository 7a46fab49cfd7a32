// The buddyinfo collector against the fixture trees: the real capture and the edge cases.
#include "collectors/procfs/buddyinfo_collector.h"

#include <gtest/gtest.h>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using testing::findFamily;
using testing::fixture;
using testing::valueOf;

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
