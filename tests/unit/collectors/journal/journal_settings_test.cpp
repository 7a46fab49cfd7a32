// Tests of the journal settings: flood overrides, ignored globs and window lengths, valid and not.
#include "collectors/journal/journal_settings.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(JournalSettings, OverridesIgnoresAndWindows) {
  Expected<std::vector<FloodOverride>> overrides =
      parseFloodOverrides("nginx*.service=5000/4194304, chatty = 1/2");
  ASSERT_TRUE(overrides) << overrides.error().message;
  JournalSettings settings;
  settings.overrides = overrides.value();
  settings.ignored = parseGlobList("backup-*.service,  ");
  EXPECT_EQ(settings.policyFor("nginx-1.service").thresholds.entriesPerSecond, 5000);
  EXPECT_EQ(settings.policyFor("chatty").thresholds.bytesPerSecond, 2);
  EXPECT_TRUE(settings.policyFor("backup-db.service").ignored);
  EXPECT_EQ(settings.policyFor("other").thresholds.entriesPerSecond, 1000);
  EXPECT_FALSE(parseFloodOverrides("nginx=5000"));
  EXPECT_FALSE(parseFloodOverrides("=1/2"));
  EXPECT_FALSE(parseFloodOverrides("x=a/2"));
  EXPECT_EQ(parseWindowSeconds("10s"), 10);
  EXPECT_EQ(parseWindowSeconds("1m"), 60);
  EXPECT_EQ(parseWindowSeconds("2m"), std::nullopt);
  EXPECT_EQ(parseWindowSeconds("0"), std::nullopt);
}

}  // namespace
}  // namespace memwatch
