// Tests of the subsystem registry: enabled collectors in scrape order, an enabled subsystem's
// source started once (the PSI triggers only with the pressure collector on), and each
// subsystem's routes.
#include "daemon/subsystems/subsystem_registry.h"

#include <gtest/gtest.h>

#include <set>

#include "daemon/process/option_table.h"
#include "tests/unit/event_loop_support.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

Settings settingsFrom(const std::vector<OptionValue>& flags) {
  Expected<Settings> settings = resolveSettings(optionTable(), {}, flags);
  EXPECT_TRUE(settings) << settings.error().message;
  return settings.value();
}

struct Running {
  sd_event* loop = nullptr;
  testing::RecordingPublisher published;
  std::shared_ptr<RecentEvents> recent = std::make_shared<RecentEvents>();
  SubsystemQueries queries;

  Running() { sd_event_new(&loop); }
  ~Running() { sd_event_unref(loop); }
  SubsystemContext context() {
    return SubsystemContext{
        .loop = loop, .events = published, .recentEvents = recent, .queries = queries};
  }
};

TEST(SubsystemRegistry, BuildsTheEnabledCollectorsInScrapeOrder) {
  Running running;
  Settings settings = settingsFrom({{"collector.journal", "false", "flag"},
                                    {"path.kmsg", testing::fixture("kmsg/rhel7-3.10.kmsg"), "f"}});
  Subsystems subsystems(settings, running.context());
  EXPECT_EQ(subsystems.collectors(settings)->names(),
            (std::vector<std::string>{"meminfo", "vmstat", "pressure", "buddyinfo", "oom"}));
  Settings fewer = settingsFrom({{"collector.vmstat", "false", "flag"},
                                 {"collector.oom", "false", "flag"},
                                 {"collector.journal", "false", "flag"}});
  EXPECT_EQ(subsystems.collectors(fewer)->names(),
            (std::vector<std::string>{"meminfo", "pressure", "buddyinfo"}));
}

TEST(SubsystemRegistry, StartsTheSourceOfAnEnabledSubsystemOnce) {
  Running running;
  const std::string replay = testing::fixture("kmsg/linux-5.15-oom-group.kmsg");
  // Over the fixture tree, so that the procfs subsystem's triggers never reach the kernel.
  const OptionValue procfs{"path.procfs", testing::fixture("proc"), "flag"};
  Settings off = settingsFrom({{"collector.oom", "false", "flag"},
                               {"collector.journal", "false", "flag"},
                               {"path.kmsg", replay, "flag"},
                               procfs});
  Subsystems subsystems(off, running.context());
  subsystems.startSources(off);
  EXPECT_TRUE(running.published.events.empty());  // the kernel log follower did not start
  Settings on =
      settingsFrom({{"collector.journal", "false", "flag"}, {"path.kmsg", replay, "f"}, procfs});
  subsystems.startSources(on);
  const std::size_t kills = running.published.all<OomKill>().size();
  EXPECT_GT(kills, 0u);  // it replayed the captured log
  subsystems.startSources(on);
  EXPECT_EQ(running.published.all<OomKill>().size(), kills);  // and only once
}

TEST(SubsystemRegistry, ServesEachSubsystemsRoutes) {
  Running running;
  Settings settings = settingsFrom({});
  Subsystems subsystems(settings, running.context());
  std::set<std::string> paths;
  for (const JsonRoute& route : subsystems.routes()) paths.insert(route.path);
  EXPECT_EQ(paths, (std::set<std::string>{"/api/v1/pressure/triggers", "/api/v1/oom-kills",
                                          "/api/v1/journal/floods", "/api/v1/journal/producers"}));
}

// Over a fixture tree the kernel is never asked (the watcher refuses anything but procfs), so the
// triggers show up unarmed, once each, however often the sources are started.
TEST(SubsystemRegistry, SetsThePressureTriggersOnceAndOnlyWithThePressureCollector) {
  Running running;
  const std::vector<OptionValue> common = {{"collector.oom", "false", "flag"},
                                           {"collector.journal", "false", "flag"},
                                           {"path.procfs", testing::fixture("proc"), "flag"}};
  std::vector<OptionValue> withoutPressure = common;
  withoutPressure.push_back({"collector.pressure", "false", "flag"});
  Settings off = settingsFrom(withoutPressure);
  Settings on = settingsFrom(common);
  Subsystems subsystems(off, running.context());
  subsystems.startSources(off);
  EXPECT_EQ(testing::findFamily(subsystems.collectors(on)->collect(), "memwatch_pressure_triggers"),
            nullptr);
  subsystems.startSources(on);
  subsystems.startSources(on);
  const Families families = subsystems.collectors(on)->collect();
  const prometheus::MetricFamily* triggers =
      testing::findFamily(families, "memwatch_pressure_triggers");
  ASSERT_NE(triggers, nullptr);
  EXPECT_EQ(triggers->metric.size(), 3u);
  EXPECT_EQ(testing::valueOf(families, "memwatch_pressure_triggers",
                             {{"resource", "memory"}, {"kind", "full"}}),
            0);
}

TEST(SubsystemRegistry, TheOomSubsystemCountsUserspaceKillsAndTheJournalAnswersTopProducers) {
  Running running;
  Settings settings = settingsFrom({{"path.kmsg", testing::fixture("kmsg/rhel7-3.10.kmsg"), "f"}});
  Subsystems subsystems(settings, running.context());
  ASSERT_TRUE(running.queries.topProducers);  // set by the journal subsystem
  EXPECT_TRUE(running.queries.topProducers(5).empty());
  std::vector<std::shared_ptr<EventSink>> sinks = subsystems.sinks();
  ASSERT_EQ(sinks.size(), 1u);
  OomKill oomd;
  oomd.killer = "systemd-oomd";
  oomd.constraint = "memcg";
  oomd.unit = "x.service";
  sinks[0]->deliver(Event{.what = oomd});
  OomKill kernel;  // counted by the follower, not by the sink
  kernel.constraint = "memcg";
  sinks[0]->deliver(Event{.what = kernel});
  Families families = subsystems.collectors(settings)->collect();
  bool found = false;
  for (const prometheus::MetricFamily& family : families) {
    if (family.name != "memwatch_oom_kills_total") continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      if (metric.label[0].value == "systemd-oomd") {
        EXPECT_EQ(metric.label[1].value, "memcg");
        EXPECT_EQ(metric.counter.value, 1);
        found = true;
      }
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace memwatch
