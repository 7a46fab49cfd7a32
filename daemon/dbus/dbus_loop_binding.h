#pragma once

// Drives an sdbus-c++ connection from the sd-event loop, so that D-Bus needs no thread of its own.

#include <sdbus-c++/Error.h>
#include <sdbus-c++/IConnection.h>
#include <systemd/sd-event.h>

#include "collectors/base/scoped_event_source.h"

namespace memwatch {

// sdbus-c++ 1.2 offers either a loop thread of its own or, for an application's loop, the bus
// fd, the poll events and the timeout it wants (getEventLoopPollData) and a step to call when
// they fire (processPendingRequest). memwatchd takes the second: method calls, the signals it
// listens to and the signals it emits all run on the event loop thread, which already owns every
// piece of state they touch, so none of it needs a lock for D-Bus.
//
// After anything that may queue an outgoing message (emitting a signal), call rearm(): the
// events wanted change when sd-bus has bytes waiting to be written. rearm() never processes
// incoming messages, so it is safe anywhere, also inside a D-Bus callback (sd-bus refuses to
// process while it dispatches). Processing happens only when the loop wakes the binding, at most
// kMaxMessagesPerWakeUp messages at a time, so that a client pipelining calls cannot keep the
// loop (and the watchdog) from everything else. When the connection fails (the bus went away),
// the binding logs once and stops; memwatchd runs on without D-Bus.
class DbusLoopBinding {
 public:
  static constexpr int kMaxMessagesPerWakeUp = 64;

  DbusLoopBinding(sd_event* loop, sdbus::IConnection& connection);
  DbusLoopBinding(const DbusLoopBinding&) = delete;
  DbusLoopBinding& operator=(const DbusLoopBinding&) = delete;

  // Sets the fd's events and the timer to what sd-bus waits for now.
  void rearm();

 private:
  static int onIo(sd_event_source*, int, uint32_t, void* self);
  static int onTimer(sd_event_source*, uint64_t, void* self);
  // Processes pending messages, then re-arms; `more` when the cap left some.
  void process();
  void arm(bool more);
  void fail(const char* what);

  sd_event* loop_;
  sdbus::IConnection& connection_;
  ScopedEventSource io_;
  ScopedEventSource timer_;
  bool broken_ = false;
  bool processing_ = false;
};

}  // namespace memwatch
