// Tests of EventHub: every sink gets each event in order, unannounced ones only where wanted, and
// a throwing sink does not stop the others.
#include "daemon/events/event_hub.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

// Records the pids of the kills it gets, in a journal shared by every sink of a test.
class RecordingSink : public EventSink {
 public:
  RecordingSink(std::string name, bool wantsUnannounced, std::vector<std::string>& journal)
      : name_(std::move(name)), wantsUnannounced_(wantsUnannounced), journal_(journal) {}
  std::string_view name() const override { return name_; }
  bool wantsUnannounced() const override { return wantsUnannounced_; }
  void deliver(const Event& event) override {
    if (name_ == "throws") throw std::runtime_error("out of paper");
    journal_.push_back(name_ + ":" + std::to_string(std::get<OomKill>(event.what).pid));
  }

 private:
  const std::string name_;
  const bool wantsUnannounced_;
  std::vector<std::string>& journal_;
};

Event killOf(int pid, bool announce) {
  OomKill kill = testing::sampleKill();
  kill.pid = pid;
  return Event{.what = kill, .announce = announce};
}

TEST(EventHub, EverySinkGetsEachEventInOrderAndOnlyRecordsGetTheUnannounced) {
  std::vector<std::string> journal;
  EventHub hub;
  hub.addSink(std::make_shared<RecordingSink>("alert", false, journal));
  hub.addSink(std::make_shared<RecordingSink>("record", true, journal));
  hub.publish(killOf(1, false));  // found in the backlog at start
  hub.publish(killOf(2, true));
  EXPECT_EQ(journal, (std::vector<std::string>{"record:1", "alert:2", "record:2"}));
}

TEST(EventHub, ASinkThatThrowsDoesNotStopTheOthers) {
  std::vector<std::string> journal;
  EventHub hub;
  hub.addSink(std::make_shared<RecordingSink>("throws", true, journal));
  hub.addSink(std::make_shared<RecordingSink>("record", true, journal));
  hub.publish(killOf(3, true));
  EXPECT_EQ(journal, (std::vector<std::string>{"record:3"}));
}

}  // namespace
}  // namespace memwatch
