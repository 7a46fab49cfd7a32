// Tests of QueuedSink: a stuck output never blocks the caller and keeps the newest events, exit
// with a stuck output, and the inner sink's wishes passed on.
#include "daemon/events/queued_sink.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

using namespace std::chrono_literals;

// A sink whose output is stuck until the test opens the gate, as journald's socket is when its
// queue is full; it records the pids it delivered.
class GatedSink : public EventSink {
 public:
  struct Gate {
    std::mutex mutex;
    std::condition_variable opened;
    bool open = false;
    std::vector<int> delivered;
    std::atomic<int> waiting = 0;
  };
  explicit GatedSink(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
  std::string_view name() const override { return "gated"; }
  void deliver(const Event& event) override {
    std::unique_lock lock(gate_->mutex);
    ++gate_->waiting;
    gate_->opened.wait(lock, [this] { return gate_->open; });
    --gate_->waiting;
    gate_->delivered.push_back(std::get<OomKill>(event.what).pid);
  }

 private:
  std::shared_ptr<Gate> gate_;
};

Event killOf(int pid) {
  OomKill kill = testing::sampleKill();
  kill.pid = pid;
  return Event{.what = kill};
}

void open(GatedSink::Gate& gate) {
  std::lock_guard lock(gate.mutex);
  gate.open = true;
  gate.opened.notify_all();
}

TEST(QueuedSink, AStuckOutputNeverBlocksTheCallerAndKeepsTheNewest) {
  auto gate = std::make_shared<GatedSink::Gate>();
  {
    QueuedSink sink(std::make_unique<GatedSink>(gate), 3);
    sink.deliver(killOf(1));  // taken by the worker, which then waits at the gate
    while (gate->waiting == 0) std::this_thread::sleep_for(1ms);
    // 99 events on a stuck output: queued or dropped, never waited for (a deliver() that waited
    // would never come back: the gate opens only below).
    for (int pid = 2; pid <= 100; ++pid) sink.deliver(killOf(pid));
    EXPECT_EQ(sink.dropped(), 96u);
    open(*gate);
  }  // the destructor delivers what is queued
  EXPECT_EQ(gate->delivered, (std::vector<int>{1, 98, 99, 100}));
}

TEST(QueuedSink, LeavesAnOutputStuckAtExitToFinishWhatItHadStarted) {
  auto gate = std::make_shared<GatedSink::Gate>();
  {
    QueuedSink sink(std::make_unique<GatedSink>(gate), 8);
    sink.deliver(killOf(1));
    sink.deliver(killOf(2));
    while (gate->waiting == 0) std::this_thread::sleep_for(1ms);
  }  // waits kDrainTimeout for the stuck output, then returns without it
  open(*gate);
  // The worker still owns the sink, finishes the delivery it was in, and stops: what was still
  // queued is dropped, so that nothing goes on working while the process exits.
  std::vector<int> delivered;
  for (int i = 0; i < 5000 && delivered.empty(); ++i) {
    std::this_thread::sleep_for(1ms);
    std::lock_guard lock(gate->mutex);
    delivered = gate->delivered;
  }
  std::this_thread::sleep_for(50ms);  // time for a second delivery, were there one
  std::lock_guard lock(gate->mutex);
  EXPECT_EQ(gate->delivered, (std::vector<int>{1}));
}

TEST(QueuedSink, PassesOnWhatTheInnerSinkWants) {
  QueuedSink sink(std::make_unique<GatedSink>(std::make_shared<GatedSink::Gate>()), 1);
  EXPECT_EQ(sink.name(), "gated");
  EXPECT_FALSE(sink.wantsUnannounced());
}

}  // namespace
}  // namespace memwatch
