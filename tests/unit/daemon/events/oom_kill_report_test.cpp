#include "daemon/events/oom_kill_report.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace memwatch {
namespace {

OomKill sampleKill() {
  OomKill kill;
  kill.sequence = 9;
  kill.wallClockSeconds = 1795583521.686;
  kill.pid = 4242;
  kill.comm = "my \"app\"";
  kill.cgroup = "/system.slice/app.service";
  kill.unit = "app.service";
  kill.constraint = "memcg";
  kill.anonRssBytes = 32 << 20;
  return kill;
}

TEST(OomKillReport, JsonLeavesUnknownFieldsNullOrOut) {
  std::string json = oomKillsJson({sampleKill()});
  EXPECT_EQ(json,
            R"([{"time":"2026-11-25T05:12:01.686Z","pid":4242,"comm":"my \"app\"","uid":null,)"
            R"("cgroup":"/system.slice/app.service","unit":"app.service","constraint":"memcg",)"
            R"("killer":"kernel","total_vm_bytes":0,"anon_rss_bytes":33554432,"file_rss_bytes":0,)"
            R"("shmem_rss_bytes":0,"oom_score_adj":null,"kmsg_sequence":9}])"
            "\n");
  EXPECT_EQ(oomKillsJson({}), "[]\n");
}

TEST(OomKillReport, JournalFieldsCarryTheMessageIdAndVictim) {
  OomKill kill = sampleKill();
  kill.uid = 1000;
  kill.invokedBy = "bash";
  std::vector<std::string> fields = oomKillJournalFields(kill);
  auto has = [&](const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
  };
  EXPECT_TRUE(has(std::string("MESSAGE_ID=") + kOomKillMessageId));
  EXPECT_TRUE(has("OOM_PID=4242"));
  EXPECT_TRUE(has("OOM_UID=1000"));
  EXPECT_TRUE(has("OOM_UNIT=app.service"));
  EXPECT_TRUE(has("OOM_INVOKED_BY=bash"));
  EXPECT_TRUE(
      has("MESSAGE=OOM kill: pid 4242 (my \"app\") in app.service, constraint memcg, "
          "anon-rss 32 MiB, total-vm 0 MiB, cgroup /system.slice/app.service, "
          "invoked by bash"));
}

}  // namespace
}  // namespace memwatch
