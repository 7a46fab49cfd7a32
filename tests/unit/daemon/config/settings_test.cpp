// Tests of the settings: a reload applies what it can and keeps restart-only options, a bad
// regex is refused with its reason, and the PSI trigger options' defaults and checks.
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

TEST(Settings, PressureTriggersDefaultToLowMemoryMonitors) {
  Settings settings = resolved({});
  std::vector<std::string> triggers;
  for (const PressureTriggerSpec& spec : settings.pressureTriggers.triggers) {
    triggers.push_back(spec.text());
  }
  EXPECT_EQ(triggers,
            (std::vector<std::string>{"memory some 140000 2000000", "memory some 200000 2000000",
                                      "memory full 200000 2000000"}));
  EXPECT_EQ(settings.pressureTriggers.interval, std::chrono::seconds(15));
  EXPECT_EQ(settings.pressureTriggers.quietAvailablePercent, 50u);
}

TEST(Settings, PressureTriggerFlagsReplaceTheDefaults) {
  Settings settings =
      resolved({}, {{"pressure.trigger", "cpu some 100000 1000000", "flag --pressure.trigger"},
                    {"pressure.trigger-interval", "1m", "flag --pressure.trigger-interval"},
                    {"pressure.trigger-quiet-available", "100", "flag"}});
  ASSERT_EQ(settings.pressureTriggers.triggers.size(), 1u);
  EXPECT_EQ(settings.pressureTriggers.triggers[0].resource, "cpu");
  EXPECT_EQ(settings.pressureTriggers.interval, std::chrono::minutes(1));
  EXPECT_EQ(settings.pressureTriggers.quietAvailablePercent, 100u);
  // Given as empty: no triggers at all.
  EXPECT_TRUE(resolved({{"pressure.trigger", "", "m.yml:2"}}).pressureTriggers.triggers.empty());
}

TEST(Settings, BadOrRepeatedPressureTriggersAreRefusedWithTheReason) {
  const std::pair<std::vector<OptionValue>, std::string> cases[] = {
      {{{"pressure.trigger", "memory some 70000 20000000", "m.yml:3"}},
       "m.yml:3: invalid value 'memory some 70000 20000000' for pressure.trigger: "
       "'memory some 70000 20000000': the window must be from 500000 to 10000000 us"},
      {{{"pressure.trigger", "io some 1 1000000", "m.yml:3"},
        {"pressure.trigger", "io some 1 1000000", "m.yml:4"}},
       "m.yml:4: invalid value 'io some 1 1000000' for pressure.trigger: given twice"},
      {{{"pressure.trigger-interval", "15", "m.yml:5"}, {"pressure.trigger-interval", "2h", "x"}},
       "x: invalid value '2h' for pressure.trigger-interval: must be a duration"},
      {{{"pressure.trigger-quiet-available", "0", "m.yml:6"}},
       "m.yml:6: invalid value '0' for pressure.trigger-quiet-available: must be a whole number "
       "from 1 to 100"},
  };
  for (const auto& [values, why] : cases) {
    Expected<Settings> bad = resolveSettings(optionTable(), values, {});
    ASSERT_FALSE(bad) << why;
    EXPECT_NE(bad.error().message.find(why), std::string::npos) << bad.error().message;
  }
}

TEST(Settings, PressureTriggersChangeOnlyOnRestart) {
  Settings running = resolved({});
  Settings loaded = resolved({{"pressure.trigger", "cpu some 100000 1000000", "m.yml:2"}});
  std::vector<std::string> unchanged;
  Settings next = settingsForReload(optionTable(), running, loaded, unchanged).value();
  EXPECT_EQ(unchanged, (std::vector<std::string>{"pressure.trigger"}));
  EXPECT_EQ(next.pressureTriggers.triggers.size(), 3u);
}

}  // namespace
}  // namespace memwatch
