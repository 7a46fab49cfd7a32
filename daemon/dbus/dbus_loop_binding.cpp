// DbusLoopBinding: the bus fd and sd-bus's timeout as sd-event sources; each wake-up processes up
// to kMaxMessagesPerWakeUp messages, then re-arms both from the poll data.
#include "daemon/dbus/dbus_loop_binding.h"

#include <spdlog/spdlog.h>
#include <string.h>

#include <cstdint>
#include <limits>

namespace memwatch {

DbusLoopBinding::DbusLoopBinding(sd_event* loop, sdbus::IConnection& connection)
    : loop_(loop), connection_(connection) {
  rearm();
}

void DbusLoopBinding::fail(const char* what) {
  if (!broken_) spdlog::error("D-Bus: {}; carrying on without D-Bus", what);
  broken_ = true;
  io_.reset();
  timer_.reset();
}

void DbusLoopBinding::process() {
  if (broken_ || processing_) return;
  processing_ = true;
  bool more = false;
  try {
    int handled = 0;
    while (!broken_ && connection_.processPendingRequest()) {
      if (++handled == kMaxMessagesPerWakeUp) {
        more = true;
        break;
      }
    }
  } catch (const std::exception& e) {
    fail(e.what());
  } catch (...) {
    fail("unknown error while processing");
  }
  processing_ = false;
  if (!broken_) arm(more);
}

void DbusLoopBinding::rearm() {
  if (!broken_) arm(false);
}

void DbusLoopBinding::arm(bool more) {
  sdbus::IConnection::PollData poll{};
  try {
    poll = connection_.getEventLoopPollData();
  } catch (const std::exception& e) {
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
  // Messages left by the cap: wake again at once, after the loop's other sources had a turn.
  const std::uint64_t at = more ? 0 : poll.timeout_usec;
  if (at == std::numeric_limits<std::uint64_t>::max()) {
    if (timer_) sd_event_source_set_enabled(timer_.get(), SD_EVENT_OFF);
    return;
  }
  if (!timer_) {
    sd_event_source* source = nullptr;
    r = sd_event_add_time(loop_, &source, CLOCK_MONOTONIC, at, 0, &DbusLoopBinding::onTimer, this);
    timer_.reset(source);
  } else {
    r = sd_event_source_set_time(timer_.get(), at);
    if (r >= 0) r = sd_event_source_set_enabled(timer_.get(), SD_EVENT_ONESHOT);
  }
  if (r < 0) fail(strerror(-r));
}

int DbusLoopBinding::onIo(sd_event_source*, int, uint32_t, void* self) {
  static_cast<DbusLoopBinding*>(self)->process();
  return 0;
}

int DbusLoopBinding::onTimer(sd_event_source*, uint64_t, void* self) {
  static_cast<DbusLoopBinding*>(self)->process();
  return 0;
}

}  // namespace memwatch
