#include "daemon/http/api_json.h"

#include <gtest/gtest.h>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

TEST(ApiJson, OomKillsLeaveUnknownFieldsNullOrOut) {
  std::string json = oomKillsJson({testing::sampleKill()});
  EXPECT_EQ(json,
            R"([{"time":"2026-11-25T05:12:01.686Z","pid":4242,"comm":"my \"app\"","uid":null,)"
            R"("cgroup":"/system.slice/app.service","unit":"app.service","constraint":"memcg",)"
            R"("killer":"kernel","total_vm_bytes":0,"anon_rss_bytes":33554432,"file_rss_bytes":0,)"
            R"("shmem_rss_bytes":0,"oom_score_adj":null,"kmsg_sequence":9}])"
            "\n");
  EXPECT_EQ(oomKillsJson({}), "[]\n");
}

}  // namespace
}  // namespace memwatch
