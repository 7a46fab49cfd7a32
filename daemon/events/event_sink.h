#pragma once

// An output of events: the interface every sink implements.

#include <string_view>

#include "collectors/events/event.h"

namespace memwatch {

// One output of the events sources publish: a log line, a journal record, the rings behind
// /api/v1, later D-Bus signals, Alertmanager, a command. An output is one class implementing
// this and one EventHub::addSink() line in the daemon; sources never change for it.
//
// deliver() runs on the event loop thread, the thread that also follows the kernel log and the
// journal, answers signals and pings the watchdog: it must return at once. A sink that only
// updates memory (under a mutex held briefly) does its work there, and so does the log sink:
// memwatchd's own log goes to stderr synchronously from every part of it, a stream that only a
// stuck journald can hold up. A sink whose output can wait (a socket whose peer is slow, a
// process, a remote server) never waits on the loop: it is registered wrapped in a QueuedSink
// (queued_sink.h), which hands it the events on a thread of its own, behind a queue of a fixed
// number of events that drops the oldest when full. The bound on a slow sink is that queue's
// length, in events and so in memory.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // For log lines about the sink itself.
  virtual std::string_view name() const = 0;
  // Whether it also gets the events that are not announced (Event::announce): sinks that keep
  // records do, sinks that alert do not, and that is the default.
  virtual bool wantsUnannounced() const { return false; }
  virtual void deliver(const Event& event) = 0;
};

}  // namespace memwatch
