#pragma once

// One systemd-oomd kill heard twice (on D-Bus and in PID 1's journal record) published once.

#include <chrono>
#include <deque>
#include <functional>
#include <string>

#include "collectors/events/event_publisher.h"

namespace memwatch {

// Sits between the sources and the hub. systemd-oomd's kill of a unit reaches memwatchd twice:
// its Killed signal on D-Bus, and PID 1's journal record "systemd-oomd killed N process(es) in
// this unit" a moment later (or earlier: the journal and the bus are not ordered). The first
// report is published; a second systemd-oomd kill of the same unit within kWindow is the same
// kill and is dropped. systemd-oomd waits 15 s after each kill before it acts again, so two real
// kills of one unit are never that close. Everything else passes through untouched.
//
// Holds at most kMaxRemembered recent kills; runs on the event loop thread.
class RepeatedKillFilter : public EventPublisher {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr Clock::duration kWindow = std::chrono::seconds(10);
  static constexpr std::size_t kMaxRemembered = 64;

  explicit RepeatedKillFilter(EventPublisher& next,
                              std::function<Clock::time_point()> clock = Clock::now)
      : next_(next), clock_(std::move(clock)) {}

  void publish(const Event& event) override;

 private:
  struct Remembered {
    std::string unit;
    Clock::time_point at;
  };
  EventPublisher& next_;
  const std::function<Clock::time_point()> clock_;
  std::deque<Remembered> recent_;  // oldest first
};

}  // namespace memwatch
