// EventHub::publish(): each event handed to every sink in turn, unannounced ones only to sinks
// that want them, and a sink's exception logged.
#include "daemon/events/event_hub.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace memwatch {

void EventHub::addSink(std::shared_ptr<EventSink> sink) { sinks_.push_back(std::move(sink)); }

void EventHub::publish(const Event& event) {
  for (const std::shared_ptr<EventSink>& sink : sinks_) {
    if (!event.announce && !sink->wantsUnannounced()) continue;
    try {
      sink->deliver(event);
    } catch (const std::exception& e) {
      spdlog::error("event sink {} failed: {}", sink->name(), e.what());
    }
  }
}

}  // namespace memwatch
