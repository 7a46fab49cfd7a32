// Tests of the shared option value checks: durations with their units and bounds.
#include "daemon/config/option_values.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

using namespace std::chrono_literals;

TEST(SetDuration, ReadsMillisecondsSecondsMinutesHoursAndBareSeconds) {
  const std::pair<const char*, std::chrono::milliseconds> cases[] = {
      {"500ms", 500ms}, {"15s", 15s}, {"1m", 1min}, {"1h", 1h}, {"30", 30s}, {"0s", 0ms}};
  for (const auto& [text, expected] : cases) {
    std::chrono::milliseconds target{};
    EXPECT_EQ(setDuration(target, text, 0ms, 1h), std::nullopt) << text;
    EXPECT_EQ(target, expected) << text;
  }
}

TEST(SetDuration, RefusesOtherTextAndValuesOutOfBoundsNamingTheBounds) {
  for (const char* text : {"", "s", "1.5s", "-1s", "15 s", "1d", "2h", "99999999999999999999"}) {
    std::chrono::milliseconds target = 7ms;
    std::optional<std::string> why = setDuration(target, text, 1s, 1h);
    ASSERT_TRUE(why) << text;
    EXPECT_EQ(*why, "must be a duration such as 500ms, 15s, 1m or 1h, from 1s to 1h") << text;
    EXPECT_EQ(target, 7ms);
  }
  std::chrono::milliseconds target{};
  EXPECT_NE(setDuration(target, "999ms", 1s, 1h), std::nullopt);
}

}  // namespace
}  // namespace memwatch
