// Tests of the option table: each key declared once with help, which apply on reload, and the
// settings structs' defaults matching the options'.
#include "daemon/process/option_table.h"

#include <gtest/gtest.h>

#include <set>

namespace memwatch {
namespace {

TEST(OptionTable, EveryKeyIsDeclaredOnceWithItsHelp) {
  std::set<std::string> keys;
  for (const OptionSpec& spec : optionTable()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << spec.key << " declared twice";
    EXPECT_FALSE(spec.help.empty()) << spec.key;
  }
  for (const char* key : {"web.listen-address", "path.procfs", "path.kmsg", "collector.oom.units",
                          "collector.journal.top", "collector.vmstat.fields", "collector.meminfo",
                          "collector.journal"}) {
    EXPECT_NE(findOption(optionTable(), key), nullptr) << key;
  }
}

TEST(OptionTable, SaysWhichOptionsApplyOnReload) {
  for (const char* key :
       {"web.listen-address", "web.telemetry-path", "path.kmsg", "collector.oom.units",
        "collector.journal.namespace", "collector.journal.flood-window"}) {
    EXPECT_FALSE(findOption(optionTable(), key)->appliesOnReload) << key;
  }
  for (const char* key : {"path.procfs", "log.level", "collector.vmstat.fields", "collector.oom"}) {
    EXPECT_TRUE(findOption(optionTable(), key)->appliesOnReload) << key;
  }
}

TEST(OptionTable, TheDefaultsOfTheSettingsStructsAreTheOptionsDefaults) {
  // resolveSettings sets every field from its option's default text; the structs that code also
  // builds directly (the pipelines' own settings) must start from the same values.
  Expected<Settings> resolved = resolveSettings(optionTable(), {}, {});
  ASSERT_TRUE(resolved) << resolved.error().message;
  const Settings& settings = resolved.value();
  const JournalSettings journal;
  EXPECT_EQ(settings.journal.nameSpace, journal.nameSpace);
  EXPECT_EQ(settings.journal.directory, journal.directory);
  EXPECT_EQ(settings.journal.stateFile, journal.stateFile);
  EXPECT_EQ(settings.journal.exported, journal.exported);
  EXPECT_EQ(settings.journal.candidates, journal.candidates);
  EXPECT_EQ(settings.journal.floodWindowSeconds, journal.floodWindowSeconds);
  EXPECT_EQ(settings.journal.thresholds.entriesPerSecond, journal.thresholds.entriesPerSecond);
  EXPECT_EQ(settings.journal.thresholds.bytesPerSecond, journal.thresholds.bytesPerSecond);
  EXPECT_EQ(settings.journal.ignored, journal.ignored);
  EXPECT_TRUE(settings.journal.overrides.empty());
  const OomSettings oom;
  EXPECT_EQ(settings.oom.kmsg, oom.kmsg);
  EXPECT_EQ(settings.oom.unitSeries, oom.unitSeries);
  EXPECT_EQ(settings.vmstatFields.expression, VmstatFieldFilter().expression);
  EXPECT_EQ(settings.listenAddress, ":12100");
  for (const char* collector : {"meminfo", "vmstat", "pressure", "buddyinfo", "oom", "journal"}) {
    EXPECT_TRUE(settings.isEnabled(collector)) << collector;
  }
  EXPECT_TRUE(settings.values.empty());  // defaults are not values given
}

}  // namespace
}  // namespace memwatch
