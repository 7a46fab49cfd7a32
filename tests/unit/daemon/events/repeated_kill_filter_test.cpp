// Tests of RepeatedKillFilter: one systemd-oomd kill heard twice is published once, later or
// other kills pass, and everything else is untouched.
#include "daemon/events/repeated_kill_filter.h"

#include <gtest/gtest.h>

#include "tests/unit/daemon/event_samples.h"
#include "tests/unit/event_loop_support.h"

namespace memwatch {
namespace {

using std::chrono::seconds;

OomKill oomdKill(std::string unit) {
  OomKill kill;
  kill.killer = "systemd-oomd";
  kill.unit = std::move(unit);
  return kill;
}

struct Filtered {
  testing::RecordingPublisher published;
  RepeatedKillFilter::Clock::time_point now{};
  RepeatedKillFilter filter{published, [this] { return now; }};
};

TEST(RepeatedKillFilter, OneOomdKillHeardTwiceIsPublishedOnce) {
  Filtered f;
  f.filter.publish(Event{.what = oomdKill("x.service")});  // the D-Bus signal
  f.now += seconds(1);
  f.filter.publish(Event{.what = oomdKill("x.service")});  // PID 1's journal record
  f.filter.publish(Event{.what = oomdKill("y.service")});  // another unit
  EXPECT_EQ(f.published.events.size(), 2u);
  f.now += RepeatedKillFilter::kWindow + seconds(1);
  f.filter.publish(Event{.what = oomdKill("x.service")});  // a later kill
  EXPECT_EQ(f.published.events.size(), 3u);
}

TEST(RepeatedKillFilter, OtherEventsPassUntouched) {
  Filtered f;
  f.filter.publish(Event{.what = testing::sampleKill()});
  f.filter.publish(Event{.what = testing::sampleKill()});
  f.filter.publish(Event{.what = testing::sampleFlood("p", true)});
  f.filter.publish(Event{.what = oomdKill("")});  // no unit: nothing to match it by
  f.filter.publish(Event{.what = oomdKill("")});
  EXPECT_EQ(f.published.events.size(), 5u);
}

TEST(RepeatedKillFilter, RemembersABoundedNumberOfKills) {
  Filtered f;
  for (std::size_t i = 0; i < 3 * RepeatedKillFilter::kMaxRemembered; ++i) {
    f.filter.publish(Event{.what = oomdKill("u" + std::to_string(i) + ".service")});
  }
  EXPECT_EQ(f.published.events.size(), 3 * RepeatedKillFilter::kMaxRemembered);
}

}  // namespace
}  // namespace memwatch
