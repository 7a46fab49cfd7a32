#pragma once

// The wall clock (CLOCK_REALTIME) in microseconds and seconds since the epoch.

#include <chrono>
#include <cstdint>

namespace memwatch {

// CLOCK_REALTIME, the clock journal entries and the JSON API are stamped with.
inline std::uint64_t wallClockMicroseconds() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

inline std::int64_t wallClockSeconds() {
  return static_cast<std::int64_t>(wallClockMicroseconds() / 1'000'000);
}

}  // namespace memwatch
