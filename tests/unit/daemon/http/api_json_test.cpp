// Tests of the /api/v1 JSON: unknown kill fields null or left out, member order, valid JSON from
// any host text, floods active and recent, whole rates as integers, pressure trigger events.
#include "daemon/http/api_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

TEST(ApiJson, KnownDetailsAreThereInOrder) {
  OomKill kill = testing::sampleKill();
  kill.uid = 1000;
  kill.oomScoreAdj = -17;
  kill.invokedBy = "bash";
  kill.gfpMask = "0xcc0(GFP_KERNEL)";
  kill.order = 0;
  auto parsed = nlohmann::ordered_json::parse(oomKillsJson({kill}));
  EXPECT_EQ(parsed[0]["uid"], 1000);
  EXPECT_EQ(parsed[0]["oom_score_adj"], -17);
  std::vector<std::string> keys;
  for (const auto& [key, value] : parsed[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "time", "pid", "comm", "uid", "cgroup", "unit", "constraint", "killer",
                      "total_vm_bytes", "anon_rss_bytes", "file_rss_bytes", "shmem_rss_bytes",
                      "oom_score_adj", "invoked_by", "gfp_mask", "order", "kmsg_sequence"}));
}

TEST(ApiJson, TextFromTheHostIsAlwaysValidJson) {
  // Quotes, backslashes and control bytes escaped; well-formed UTF-8 as it is; every byte that
  // is not UTF-8 a U+FFFD, as in the label values of /metrics.
  OomKill kill = testing::sampleKill();
  kill.comm = "a\"b\\c\n\x01\x7f\xff";
  kill.cgroup = "/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x90\xa7/\xe2\x82";
  const std::string json = oomKillsJson({kill});
  auto parsed = nlohmann::json::parse(json);  // throws on invalid JSON or UTF-8
  EXPECT_EQ(parsed[0]["comm"], "a\"b\\c\n\x01\x7f\xef\xbf\xbd");
  EXPECT_EQ(parsed[0]["cgroup"],
            "/caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x90\xa7/\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(json.find('\n'), json.size() - 1);  // the newline in the comm is escaped
}

TEST(ApiJson, FloodsListTheActiveAndTheRecent) {
  ProducerTable::Rate rate{.producer = "chatty",
                           .entriesPerSecond = 5000.5,
                           .bytesPerSecond = 60000,
                           .counted = {.entries = 50005, .bytes = 600000},
                           .flooding = true};
  auto floods = nlohmann::json::parse(journalFloodsJson(
      {rate}, {testing::sampleFlood("chatty", false), testing::sampleFlood("chatty", true)}));
  ASSERT_EQ(floods["active"].size(), 1u);
  EXPECT_EQ(floods["active"][0]["producer"], "chatty");
  EXPECT_EQ(floods["active"][0]["entries_per_second"], 5000.5);
  EXPECT_EQ(floods["active"][0]["entries"], 50005);
  EXPECT_EQ(floods["active"][0]["flooding"], true);
  ASSERT_EQ(floods["recent"].size(), 2u);
  EXPECT_EQ(floods["recent"][0]["event"], "ended");
  EXPECT_EQ(floods["recent"][1]["event"], "started");
  EXPECT_EQ(floods["recent"][1]["time"], "2026-11-25T05:12:01.000Z");
  auto producers = nlohmann::json::parse(journalProducersJson({rate}));
  ASSERT_EQ(producers.size(), 1u);
  EXPECT_EQ(producers[0]["bytes"], 600000);
  EXPECT_EQ(journalProducersJson({}), "[]\n");
  EXPECT_EQ(journalFloodsJson({}, {}), "{\"active\":[],\"recent\":[]}\n");
}

TEST(ApiJson, WholeRatesAreWrittenAsIntegers) {
  // As the API always wrote them: a client decoding into an integer must not meet "100.0".
  ProducerTable::Rate rate{.producer = "p",
                           .entriesPerSecond = 100,
                           .bytesPerSecond = 0.5,
                           .counted = {.entries = 1, .bytes = 2},
                           .flooding = false};
  EXPECT_EQ(journalProducersJson({rate}),
            R"([{"producer":"p","entries_per_second":100,"bytes_per_second":0.5,"entries":1,)"
            R"("bytes":2,"flooding":false}])"
            "\n");
}

TEST(ApiJson, PressureTriggerEventsSayWhichTriggerAndTheAverage) {
  EXPECT_EQ(pressureTriggersJson({testing::samplePressure()}),
            R"([{"time":"2026-11-25T05:12:01.000Z","resource":"memory","kind":"some",)"
            R"("stall_us":70000,"window_us":1000000,"avg10":12.5}])"
            "\n");
  EXPECT_EQ(pressureTriggersJson({}), "[]\n");
}

}  // namespace
}  // namespace memwatch
