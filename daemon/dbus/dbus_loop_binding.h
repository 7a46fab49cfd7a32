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
// After anything that may queue an outgoing message (emitting a signal), call flush(): the
// events wanted change when sd-bus has bytes waiting to be written. When the connection fails
// (the bus went away), the binding logs once and stops; memwatchd runs on without D-Bus.
class DbusLoopBinding {
 public:
  DbusLoopBinding(sd_event* loop, sdbus::IConnection& connection);
  DbusLoopBinding(const DbusLoopBinding&) = delete;
  DbusLoopBinding& operator=(const DbusLoopBinding&) = delete;

  // Processes what is pending and re-arms the fd and the timer for what sd-bus waits for next.
  void flush();
  bool broken() const { return broken_; }

 private:
  static int onIo(sd_event_source*, int, uint32_t, void* self);
  static int onTimer(sd_event_source*, uint64_t, void* self);
  void fail(const char* what);

  sd_event* loop_;
  sdbus::IConnection& connection_;
  ScopedEventSource io_;
  ScopedEventSource timer_;
  bool broken_ = false;
};

}  // namespace memwatch
