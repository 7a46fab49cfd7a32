#pragma once

// Owns one sd-event source: disabled and released when it goes.

#include <systemd/sd-event.h>

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

 private:
  sd_event_source* source_ = nullptr;
};

}  // namespace memwatch
