#pragma once

// Where sources publish events, and from where every sink gets them.

#include <memory>
#include <vector>

#include "collectors/events/event_publisher.h"
#include "daemon/events/event_sink.h"

namespace memwatch {

// One path from every source to every output: each published event goes to the sinks, in the
// order they were added, skipping those that do not want an unannounced one. Sinks are added at
// start, before any source runs; publish() is called on the event loop thread only. A sink that
// throws is logged and the others still get the event.
class EventHub : public EventPublisher {
 public:
  void addSink(std::shared_ptr<EventSink> sink);
  void publish(const Event& event) override;

 private:
  std::vector<std::shared_ptr<EventSink>> sinks_;
};

}  // namespace memwatch
