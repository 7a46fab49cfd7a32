#pragma once

// Owns one sd-event source: disabled and released when it goes.

#include <systemd/sd-event.h>
#include <time.h>

#include <cstdint>
#include <utility>

namespace memwatch {

// Like a unique_ptr for sd_event_source: the source is disabled before it is released, so that a
// callback can never run on an owner that is gone, even if sd-event holds another reference.
class ScopedEventSource {
 public:
  ScopedEventSource() = default;
  explicit ScopedEventSource(sd_event_source* source) : source_(source) {}
  ~ScopedEventSource() { reset(); }
  ScopedEventSource(ScopedEventSource&& other) noexcept
      : source_(std::exchange(other.source_, nullptr)) {}
  ScopedEventSource& operator=(ScopedEventSource&& other) noexcept {
    if (this != &other) reset(std::exchange(other.source_, nullptr));
    return *this;
  }
  ScopedEventSource(const ScopedEventSource&) = delete;
  ScopedEventSource& operator=(const ScopedEventSource&) = delete;

  sd_event_source* get() const { return source_; }
  explicit operator bool() const { return source_ != nullptr; }
  void reset(sd_event_source* source = nullptr) {
    sd_event_source_disable_unref(source_);
    source_ = source;
  }

  // Arms it as a one-shot CLOCK_MONOTONIC timer `microseconds` from now, adding the timer to
  // `loop` the first time. Returns sd-event's negative errno when it cannot.
  int armOneShotTimer(sd_event* loop, std::uint64_t microseconds, sd_event_time_handler_t handler,
                      void* userdata) {
    if (!source_) {
      const int r = sd_event_add_time_relative(loop, &source_, CLOCK_MONOTONIC, microseconds, 0,
                                               handler, userdata);
      if (r < 0) return r;
    } else if (const int r = sd_event_source_set_time_relative(source_, microseconds); r < 0) {
      return r;
    }
    return sd_event_source_set_enabled(source_, SD_EVENT_ONESHOT);
  }

 private:
  sd_event_source* source_ = nullptr;
};

}  // namespace memwatch
