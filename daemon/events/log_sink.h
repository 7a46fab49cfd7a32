#pragma once

// Announced events as lines in memwatchd's own log.

#include "daemon/events/event_sink.h"

namespace memwatch {

// One line per announced event in memwatchd's log (stderr, the journal under systemd): a warning
// for an OOM kill or a flood that starts, a notice at info level for a flood that ends. The text
// comes from the host (a comm, a cgroup, a journal producer), so its control bytes are written
// as \xNN here, for every kind of event: a newline in a producer's name must not end the line
// and forge the next one.
class LogSink : public EventSink {
 public:
  std::string_view name() const override { return "log"; }
  void deliver(const Event& event) override;
};

}  // namespace memwatch
