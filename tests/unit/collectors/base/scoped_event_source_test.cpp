// Tests of ScopedEventSource: a one-shot timer fires once and can be armed again, and a source
// that is gone never fires.
#include "collectors/base/scoped_event_source.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

int count(sd_event_source*, uint64_t, void* calls) {
  ++*static_cast<int*>(calls);
  return 0;
}

class ScopedEventSourceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sd_event_new(&loop_), 0); }
  void TearDown() override { sd_event_unref(loop_); }
  // Runs the loop until nothing is pending within `microseconds`.
  void runFor(uint64_t microseconds) {
    while (sd_event_run(loop_, microseconds) > 0) {
    }
  }
  sd_event* loop_ = nullptr;
  int calls_ = 0;
};

TEST_F(ScopedEventSourceTest, AOneShotTimerFiresOnceAndCanBeArmedAgain) {
  ScopedEventSource timer;
  ASSERT_GE(timer.armOneShotTimer(loop_, 1000, &count, &calls_), 0);
  ASSERT_TRUE(timer);
  runFor(50'000);
  EXPECT_EQ(calls_, 1);
  sd_event_source* first = timer.get();
  ASSERT_GE(timer.armOneShotTimer(loop_, 1000, &count, &calls_), 0);
  EXPECT_EQ(timer.get(), first);  // the same source, armed again
  runFor(50'000);
  EXPECT_EQ(calls_, 2);
}

TEST_F(ScopedEventSourceTest, ASourceGoneNeverFires) {
  {
    ScopedEventSource timer;
    ASSERT_GE(timer.armOneShotTimer(loop_, 1000, &count, &calls_), 0);
  }
  ScopedEventSource moved;
  {
    ScopedEventSource timer;
    ASSERT_GE(timer.armOneShotTimer(loop_, 1000, &count, &calls_), 0);
    moved = std::move(timer);  // ownership moves; the moved-from one releases nothing
    EXPECT_FALSE(timer);
  }
  moved.reset();
  runFor(50'000);
  EXPECT_EQ(calls_, 0);
}

}  // namespace
}  // namespace memwatch
