// Tests of the POST body: Alertmanager's postableAlert fields, RFC 3339 times, valid JSON.
#include "daemon/alerts/alert_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace memwatch {
namespace {

TEST(AlertJson, IsAnArrayOfPostableAlerts) {
  std::vector<SentAlert> alerts = {
      {.labels = {{"alertname", "MemwatchOOMKill"}, {"unit", "app.service"}},
       .annotations = {{"comm", "a \"quoted\"\nname"}},
       .startsAt = 1795583521.686,
       .endsAt = 1795583761.5}};
  const std::string body = alertsJson(alerts);
  nlohmann::json parsed = nlohmann::json::parse(body);
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0]["labels"]["alertname"], "MemwatchOOMKill");
  EXPECT_EQ(parsed[0]["labels"]["unit"], "app.service");
  EXPECT_EQ(parsed[0]["annotations"]["comm"], "a \"quoted\"\nname");
  EXPECT_EQ(parsed[0]["startsAt"], "2026-11-25T05:12:01.686Z");
  EXPECT_EQ(parsed[0]["endsAt"], "2026-11-25T05:16:01.500Z");
  EXPECT_FALSE(parsed[0].contains("generatorURL"));
  EXPECT_EQ(alertsJson({}), "[]");
}

}  // namespace
}  // namespace memwatch
