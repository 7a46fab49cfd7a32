// Tests of RecentEvents: only the newest of each kind kept, unannounced events listed too.
#include "daemon/events/recent_events.h"

#include <gtest/gtest.h>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

TEST(RecentEvents, KeepsTheNewestOfEachKindOnly) {
  RecentEvents recent;
  const int kills = static_cast<int>(RecentEvents::kOomKills) + 50;
  for (int pid = 1; pid <= kills; ++pid) {
    OomKill kill = testing::sampleKill();
    kill.pid = pid;
    recent.deliver(Event{.what = kill});
  }
  const int floods = static_cast<int>(RecentEvents::kJournalFloods) + 10;
  for (int i = 1; i <= floods; ++i) {
    recent.deliver(Event{.what = testing::sampleFlood("p" + std::to_string(i), i % 2 == 1)});
  }
  std::vector<OomKill> keptKills = recent.oomKills();
  ASSERT_EQ(keptKills.size(), RecentEvents::kOomKills);
  EXPECT_EQ(keptKills.front().pid, kills);
  EXPECT_EQ(keptKills.back().pid, kills - static_cast<int>(RecentEvents::kOomKills) + 1);
  std::vector<JournalFlood> keptFloods = recent.journalFloods();
  ASSERT_EQ(keptFloods.size(), RecentEvents::kJournalFloods);
  EXPECT_EQ(keptFloods.front().producer, "p" + std::to_string(floods));
  EXPECT_EQ(keptFloods.back().producer, "p11");
  const int firings = static_cast<int>(RecentEvents::kPressureTriggers) + 3;
  for (int i = 1; i <= firings; ++i) {
    MemoryPressure pressure = testing::samplePressure();
    pressure.avg10 = i;
    recent.deliver(Event{.what = pressure});
  }
  std::vector<MemoryPressure> keptFirings = recent.pressureTriggers();
  ASSERT_EQ(keptFirings.size(), RecentEvents::kPressureTriggers);
  EXPECT_EQ(keptFirings.front().avg10, firings);
}

TEST(RecentEvents, ListsWhatIsNotAnnouncedToo) {
  // The kills in the ring buffer at start and floods found catching up: listed, not alerted.
  EXPECT_TRUE(RecentEvents().wantsUnannounced());
}

}  // namespace
}  // namespace memwatch
