// DbusLoopBinding: the bus fd and sd-bus's timeout as sd-event sources; each wake-up processes
// every pending message, then re-arms both from the poll data.
#include "daemon/dbus/dbus_loop_binding.h"

#include <spdlog/spdlog.h>
#include <string.h>

#include <cstdint>
#include <limits>

namespace memwatch {

DbusLoopBinding::DbusLoopBinding(sd_event* loop, sdbus::IConnection& connection)
    : loop_(loop), connection_(connection) {
  flush();
}

void DbusLoopBinding::fail(const char* what) {
  if (!broken_) spdlog::error("D-Bus: {}; carrying on without D-Bus", what);
  broken_ = true;
  io_.reset();
  timer_.reset();
}

void DbusLoopBinding::flush() {
  if (broken_) return;
  sdbus::IConnection::PollData poll{};
  try {
    while (connection_.processPendingRequest()) {
    }
    poll = connection_.getEventLoopPollData();
  } catch (const sdbus::Error& e) {
    fail(e.what());
    return;
  }
  // POLLIN and POLLOUT have the values of EPOLLIN and EPOLLOUT.
  const auto events = static_cast<uint32_t>(poll.events);
  int r = 0;
  if (!io_) {
    sd_event_source* source = nullptr;
    r = sd_event_add_io(loop_, &source, poll.fd, events, &DbusLoopBinding::onIo, this);
    io_.reset(source);
  } else {
    r = sd_event_source_set_io_events(io_.get(), events);
  }
  if (r < 0) {
    fail(strerror(-r));
    return;
  }
  if (poll.timeout_usec == std::numeric_limits<uint64_t>::max()) {
    if (timer_) sd_event_source_set_enabled(timer_.get(), SD_EVENT_OFF);
    return;
  }
  if (!timer_) {
    sd_event_source* source = nullptr;
    r = sd_event_add_time(loop_, &source, CLOCK_MONOTONIC, poll.timeout_usec, 0,
                          &DbusLoopBinding::onTimer, this);
    timer_.reset(source);
  } else {
    r = sd_event_source_set_time(timer_.get(), poll.timeout_usec);
    if (r >= 0) r = sd_event_source_set_enabled(timer_.get(), SD_EVENT_ONESHOT);
  }
  if (r < 0) fail(strerror(-r));
}

int DbusLoopBinding::onIo(sd_event_source*, int, uint32_t, void* self) {
  static_cast<DbusLoopBinding*>(self)->flush();
  return 0;
}

int DbusLoopBinding::onTimer(sd_event_source*, uint64_t, void* self) {
  static_cast<DbusLoopBinding*>(self)->flush();
  return 0;
}

}  // namespace memwatch
