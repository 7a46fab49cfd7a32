// Tests of alerts.command's environment: the fixed base, MEMWATCH_* per field of each kind,
// nothing of memwatchd's own environment, NUL bytes removed.
#include "daemon/alerts/command_environment.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

std::map<std::string, std::string> asMap(const std::vector<std::string>& entries) {
  std::map<std::string, std::string> out;
  for (const std::string& entry : entries) {
    const std::size_t equals = entry.find('=');
    EXPECT_NE(equals, std::string::npos) << entry;
    EXPECT_TRUE(out.emplace(entry.substr(0, equals), entry.substr(equals + 1)).second) << entry;
  }
  return out;
}

TEST(CommandEnvironment, AnOomKill) {
  OomKill kill = testing::sampleKill();
  kill.uid = 1000;
  kill.oomScoreAdj = -100;
  auto env = asMap(commandEnvironment(Event{.what = kill}, "host-1"));
  EXPECT_EQ(env.at("PATH"), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  EXPECT_EQ(env.at("LANG"), "C.UTF-8");
  EXPECT_EQ(env.at("MEMWATCH_EVENT"), "oom_kill");
  EXPECT_EQ(env.at("MEMWATCH_TIME"), "2026-11-25T05:12:01.686Z");
  EXPECT_EQ(env.at("MEMWATCH_INSTANCE"), "host-1");
  EXPECT_EQ(env.at("MEMWATCH_PID"), "4242");
  EXPECT_EQ(env.at("MEMWATCH_COMM"), "my \"app\"");
  EXPECT_EQ(env.at("MEMWATCH_UID"), "1000");
  EXPECT_EQ(env.at("MEMWATCH_CGROUP"), "/system.slice/app.service");
  EXPECT_EQ(env.at("MEMWATCH_UNIT"), "app.service");
  EXPECT_EQ(env.at("MEMWATCH_CONSTRAINT"), "memcg");
  EXPECT_EQ(env.at("MEMWATCH_KILLER"), "kernel");
  EXPECT_EQ(env.at("MEMWATCH_ANON_RSS_BYTES"), std::to_string(32 << 20));
  EXPECT_EQ(env.at("MEMWATCH_OOM_SCORE_ADJ"), "-100");
  EXPECT_FALSE(env.contains("MEMWATCH_INVOKED_BY"));
  EXPECT_EQ(env.at("MEMWATCH_MESSAGE").rfind("OOM kill: pid 4242", 0), 0u);
  EXPECT_FALSE(env.contains("HOME"));  // nothing of memwatchd's own environment
}

TEST(CommandEnvironment, AFloodAndPressure) {
  auto flood = asMap(commandEnvironment(Event{.what = testing::sampleFlood("chatty", false)}, "h"));
  EXPECT_EQ(flood.at("MEMWATCH_EVENT"), "journal_flood");
  EXPECT_EQ(flood.at("MEMWATCH_PRODUCER"), "chatty");
  EXPECT_EQ(flood.at("MEMWATCH_FLOOD"), "ended");
  EXPECT_EQ(flood.at("MEMWATCH_ENTRIES_PER_SECOND"), "5000");
  EXPECT_EQ(flood.at("MEMWATCH_BYTES_PER_SECOND"), "60000");
  EXPECT_EQ(flood.at("MEMWATCH_THRESHOLD_BYTES_PER_SECOND"), "1048576");
  auto pressure = asMap(commandEnvironment(Event{.what = testing::samplePressure()}, "h"));
  EXPECT_EQ(pressure.at("MEMWATCH_EVENT"), "memory_pressure");
  EXPECT_EQ(pressure.at("MEMWATCH_RESOURCE"), "memory");
  EXPECT_EQ(pressure.at("MEMWATCH_KIND"), "some");
  EXPECT_EQ(pressure.at("MEMWATCH_AVG10"), "12.5");
  EXPECT_EQ(pressure.at("MEMWATCH_STALL_US"), "70000");
  EXPECT_EQ(pressure.at("MEMWATCH_WINDOW_US"), "1000000");
}

TEST(CommandEnvironment, HostTextIsPassedAsItIsButForNulBytes) {
  const std::string producer = std::string("a$(reboot)\n;b") + '\0' + "c";
  auto env = asMap(commandEnvironment(Event{.what = testing::sampleFlood(producer, true)}, "h"));
  EXPECT_EQ(env.at("MEMWATCH_PRODUCER"), "a$(reboot)\n;bc");
}

}  // namespace
}  // namespace memwatch
