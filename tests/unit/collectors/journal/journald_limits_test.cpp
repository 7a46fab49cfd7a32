// Tests of journald's limits: sizes, later files and only [Journal] counting, Storage= choosing the
// limit, and the 10 %-capped-at-4-GiB default.
#include "collectors/journal/journald_limits.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(JournaldLimits, ParsesSizes) {
  EXPECT_EQ(parseJournaldSize("4G"), std::uint64_t{4} << 30);
  EXPECT_EQ(parseJournaldSize(" 512M "), std::uint64_t{512} << 20);
  EXPECT_EQ(parseJournaldSize("1024"), 1024u);
  EXPECT_EQ(parseJournaldSize(""), std::nullopt);
  EXPECT_EQ(parseJournaldSize("10%"), std::nullopt);
  EXPECT_EQ(parseJournaldSize("99999999999E"), std::nullopt);
  EXPECT_EQ(parseJournaldSize("1.5G"), std::uint64_t{3} << 29);
  EXPECT_EQ(parseJournaldSize("0.25K"), 256u);
  EXPECT_EQ(parseJournaldSize("2048B"), 2048u);
  EXPECT_EQ(parseJournaldSize("1."), std::nullopt);
  EXPECT_EQ(parseJournaldSize("1.x"), std::nullopt);
}

TEST(JournaldLimits, LaterFilesAndOnlyTheJournalSectionCount) {
  JournaldLimits limits;
  applyJournaldConf("[Journal]\n#SystemMaxUse=1G\nSystemMaxUse = 2G\n[Other]\nRuntimeMaxUse=1K\n",
                    limits);
  EXPECT_EQ(limits.systemMaxUse, std::uint64_t{2} << 30);
  EXPECT_EQ(limits.runtimeMaxUse, std::nullopt);
  applyJournaldConf("[Journal]\nSystemMaxUse=300M\nRuntimeMaxUse=64M\n", limits);
  EXPECT_EQ(limits.systemMaxUse, std::uint64_t{300} << 20);
  EXPECT_EQ(limits.runtimeMaxUse, std::uint64_t{64} << 20);
  applyJournaldConf("[Journal]\nSystemMaxUse=\n", limits);  // back to the default
  EXPECT_EQ(limits.systemMaxUse, std::nullopt);
}

TEST(JournaldLimits, StorageDecidesWhichLimitApplies) {
  JournaldLimits limits;
  EXPECT_TRUE(journaldStoresPersistently(limits, false, true));    // auto, /var/log/journal
  EXPECT_FALSE(journaldStoresPersistently(limits, false, false));  // auto, no /var/log/journal
  EXPECT_TRUE(journaldStoresPersistently(limits, true, false));    // a namespace: persistent
  applyJournaldConf("[Journal]\nStorage=volatile\n", limits);
  EXPECT_FALSE(journaldStoresPersistently(limits, true, true));
  applyJournaldConf("[Journal]\nStorage = persistent \n", limits);
  EXPECT_TRUE(journaldStoresPersistently(limits, false, false));
  applyJournaldConf("[Journal]\nStorage=\n", limits);  // back to the default
  EXPECT_FALSE(journaldStoresPersistently(limits, false, false));
}

TEST(JournaldLimits, DefaultIsTenPercentCappedAtFourGiB) {
  std::optional<std::uint64_t> maxUse = journaldMaxUse({}, "/", true);
  ASSERT_TRUE(maxUse);
  EXPECT_LE(*maxUse, std::uint64_t{4} << 30);
  EXPECT_GT(*maxUse, 0u);
  EXPECT_EQ(journaldMaxUse({.systemMaxUse = 123, .runtimeMaxUse = 456, .storage = std::nullopt},
                           "/", false),
            456u);
}

}  // namespace
}  // namespace memwatch
