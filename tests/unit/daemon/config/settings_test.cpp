// Tests of the settings: a reload applies what it can and keeps restart-only options, and a bad
// regex is refused with its reason.
#include "daemon/config/settings.h"

#include <gtest/gtest.h>

#include "daemon/process/option_table.h"

namespace memwatch {
namespace {

Settings resolved(const std::vector<OptionValue>& fromFile,
                  const std::vector<OptionValue>& fromFlags = {}) {
  Expected<Settings> settings = resolveSettings(optionTable(), fromFile, fromFlags);
  EXPECT_TRUE(settings) << settings.error().message;
  return settings.value();
}

TEST(Settings, AReloadAppliesWhatItCanAndKeepsWhatNeedsARestart) {
  Settings running = resolved({{"web.listen-address", "127.0.0.1:1", "m.yml:1"},
                               {"collector.journal.top", "5", "m.yml:2"},
                               {"log.level", "info", "m.yml:3"}});
  Settings loaded = resolved({{"web.listen-address", "127.0.0.1:2", "m.yml:1"},
                              {"collector.journal.top", "7", "m.yml:2"},
                              {"log.level", "debug", "m.yml:3"},
                              {"collector.vmstat.fields", "^pg", "m.yml:4"},
                              {"path.kmsg", "/dev/kmsg", "m.yml:5"}});  // its default: no change
  std::vector<std::string> unchanged;
  Settings next = settingsForReload(optionTable(), running, loaded, unchanged).value();
  EXPECT_EQ(unchanged, (std::vector<std::string>{"web.listen-address", "collector.journal.top"}));
  EXPECT_EQ(next.listenAddress, "127.0.0.1:1");
  EXPECT_EQ(next.journal.exported, 5u);
  EXPECT_EQ(next.logLevel, "debug");
  EXPECT_EQ(next.vmstatFields.expression, "^pg");
}

TEST(Settings, AReloadThatDropsARestartOnlyOptionKeepsItToo) {
  Settings running = resolved({}, {{"collector.oom.units", "3", "flag --collector.oom.units"}});
  std::vector<std::string> unchanged;
  Settings next = settingsForReload(optionTable(), running, resolved({}), unchanged).value();
  EXPECT_EQ(unchanged, (std::vector<std::string>{"collector.oom.units"}));
  EXPECT_EQ(next.oom.unitSeries, 3u);
}

TEST(Settings, ARegexThatDoesNotCompileIsRefusedWithTheReason) {
  Expected<Settings> bad =
      resolveSettings(optionTable(), {{"collector.vmstat.fields", "(", "m.yml:9"}}, {});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("m.yml:9: invalid value '(' for collector.vmstat.fields: "
                                     "invalid regular expression"),
            std::string::npos)
      << bad.error().message;
}

}  // namespace
}  // namespace memwatch
