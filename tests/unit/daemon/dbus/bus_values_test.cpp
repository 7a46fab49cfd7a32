// Tests of the D-Bus values: an OomKill's details carry the members of /api/v1/oom-kills, unknown
// ones left out, and host text made valid for D-Bus.
#include "daemon/dbus/bus_values.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/http/api_json.h"
#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

TEST(BusValues, OomKillDetailsHaveTheMembersOfTheApi) {
  OomKill kill = testing::sampleKill();
  kill.uid = 1000;
  kill.oomScoreAdj = 200;
  kill.invokedBy = "bash";
  kill.gfpMask = "0xcc0(GFP_KERNEL)";
  kill.order = 0;
  std::map<std::string, sdbus::Variant> details = oomKillDetails(kill);
  const nlohmann::json api = nlohmann::json::parse(oomKillsJson({kill}))[0];
  for (const auto& [key, value] : api.items()) {
    EXPECT_TRUE(details.contains(key)) << key;
  }
  EXPECT_EQ(details.size(), api.size());
  EXPECT_EQ(details.at("pid").get<std::int32_t>(), 4242);
  EXPECT_EQ(details.at("comm").get<std::string>(), "my \"app\"");
  EXPECT_EQ(details.at("uid").get<std::uint32_t>(), 1000u);
  EXPECT_EQ(details.at("unit").get<std::string>(), "app.service");
  EXPECT_EQ(details.at("killer").get<std::string>(), "kernel");
  EXPECT_EQ(details.at("anon_rss_bytes").get<std::uint64_t>(), 32u << 20);
  EXPECT_EQ(details.at("time").get<std::string>(), api.at("time").get<std::string>());
}

TEST(BusValues, WhatTheApiWritesAsNullIsLeftOut) {
  OomKill kill = testing::sampleKill();  // no uid, no oom_score_adj
  std::map<std::string, sdbus::Variant> details = oomKillDetails(kill);
  EXPECT_FALSE(details.contains("uid"));
  EXPECT_FALSE(details.contains("oom_score_adj"));
  EXPECT_FALSE(details.contains("invoked_by"));
  EXPECT_FALSE(details.contains("reason"));
  kill.killer = "systemd-oomd";
  kill.reason = "memory-used";
  EXPECT_EQ(oomKillDetails(kill).at("reason").get<std::string>(), "memory-used");
}

TEST(BusValues, HostTextIsMadeValidUtf8WithoutNul) {
  EXPECT_EQ(busText(std::string("a\0b\xff", 4)), "ab\xef\xbf\xbd");
  EXPECT_EQ(busText("plain"), "plain");
  // Noncharacters are valid UTF-8 that sd-bus refuses: U+FFFF, U+FFFE, U+FDD0, U+1FFFF.
  EXPECT_EQ(busText("a\xef\xbf\xbf\xef\xbf\xbe\xef\xb7\x90\xf0\x9f\xbf\xbf"
                    "b"),
            "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
            "b");
  EXPECT_EQ(busText("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

}  // namespace
}  // namespace memwatch
