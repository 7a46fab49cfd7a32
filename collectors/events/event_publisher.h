#pragma once

// What an event source hands its events to: the daemon's event hub, or a test's recorder.

#include "collectors/events/event.h"

namespace memwatch {

// Sources (the kernel log follower, the journal reader) publish each event once, on the event
// loop thread, and never learn who receives it: adding an output is the daemon's business
// (daemon/events/), never a change in a source. publish() does not wait for a slow output (see
// EventSink in daemon/events/event_sink.h for how the daemon keeps that promise).
class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  virtual void publish(const Event& event) = 0;
};

}  // namespace memwatch
