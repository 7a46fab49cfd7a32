#pragma once

// Helpers for tests of what runs on the event loop: one turn of an sd-event loop, and a publisher
// that records what a source published.

#include <gtest/gtest.h>
#include <string.h>
#include <systemd/sd-event.h>

#include <chrono>
#include <variant>
#include <vector>

#include "collectors/events/event_publisher.h"

namespace memwatch::testing {

// Runs one iteration of the event loop, waiting at most `timeout`; true if it dispatched one.
inline bool dispatchOne(sd_event* event, std::chrono::milliseconds timeout) {
  const int r = sd_event_run(event, static_cast<uint64_t>(timeout.count()) * 1000);
  EXPECT_GE(r, 0) << strerror(-r);
  return r > 0;
}

class RecordingPublisher : public EventPublisher {
 public:
  void publish(const Event& event) override { events.push_back(event); }

  // What was published of one kind, announced or not, in order.
  template <typename Kind>
  std::vector<Kind> all() const {
    return select<Kind>(false);
  }
  template <typename Kind>
  std::vector<Kind> announced() const {
    return select<Kind>(true);
  }

  std::vector<Event> events;

 private:
  template <typename Kind>
  std::vector<Kind> select(bool announcedOnly) const {
    std::vector<Kind> out;
    for (const Event& event : events) {
      if (announcedOnly && !event.announce) continue;
      if (const Kind* what = std::get_if<Kind>(&event.what)) out.push_back(*what);
    }
    return out;
  }
};

}  // namespace memwatch::testing
