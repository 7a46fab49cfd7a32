// Tests of the buddyinfo parser: several NUMA nodes, and ragged, malformed, repeated or endless
// zones refused.
#include "collectors/procfs/buddyinfo_parser.h"

#include <gtest/gtest.h>

#include "collectors/base/whole_file.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

TEST(BuddyinfoParser, ParsesSeveralNumaNodes) {
  auto text = readWholeFile(testing::fixture("edge/numa/buddyinfo"));
  ASSERT_TRUE(text);
  auto zones = parseBuddyinfo(text.value());
  ASSERT_TRUE(zones) << zones.error().message;
  ASSERT_EQ(zones.value().size(), 5u);
  EXPECT_EQ(zones.value()[0].node, "0");
  EXPECT_EQ(zones.value()[0].zone, "DMA");
  EXPECT_EQ(zones.value()[3].node, "1");
  EXPECT_EQ(zones.value()[3].zone, "Normal");
  EXPECT_EQ(zones.value()[3].freeBlocksByOrder.size(), 11u);
  EXPECT_EQ(zones.value()[3].freeBlocksByOrder[0], 23456u);
}

TEST(BuddyinfoParser, RejectsRaggedZones) {
  auto text = readWholeFile(testing::fixture("edge/garbage/buddyinfo"));
  ASSERT_TRUE(text);
  auto zones = parseBuddyinfo(text.value());
  ASSERT_FALSE(zones);
  EXPECT_NE(zones.error().message.find("line 2: number of orders differs"), std::string::npos)
      << zones.error().message;
}

TEST(BuddyinfoParser, RejectsMalformedLines) {
  for (const char* text :
       {"", "Node 0, zone DMA\n", "Node x, zone DMA 1 2\n", "Nod 0, zone DMA 1 2\n",
        "Node 0, zone DMA 1 -2\n", "Node 0, zone DMA 1 18446744073709551616\n",
        "Node 0, zone \xff\xfe 1 2\n"}) {
    EXPECT_FALSE(parseBuddyinfo(text)) << text;
  }
}

TEST(BuddyinfoParser, RejectsRepeatedZonesAndEndlessOrders) {
  auto repeated = parseBuddyinfo("Node 0, zone Normal 1 2\nNode 0, zone Normal 3 4\n");
  ASSERT_FALSE(repeated);
  EXPECT_NE(repeated.error().message.find("line 2: zone listed twice"), std::string::npos);
  EXPECT_TRUE(parseBuddyinfo("Node 0, zone Normal 1 2\nNode 1, zone Normal 3 4\n"));

  std::string orders = "Node 0, zone Normal";
  for (int i = 0; i < 64; ++i) orders += " 1";
  EXPECT_TRUE(parseBuddyinfo(orders + "\n"));  // 64 orders: 2^63 pages is still finite
  auto endless = parseBuddyinfo(orders + " 1\n");
  ASSERT_FALSE(endless);
  EXPECT_NE(endless.error().message.find("more than 64 orders"), std::string::npos);
}

}  // namespace
}  // namespace memwatch
