#pragma once

// A kernel pressure trigger firing: one kind of Event.

#include <cstdint>
#include <string>

namespace memwatch {

// Tasks stalled on a resource for at least `stallMicroseconds` within a `windowMicroseconds`
// window, as the kernel's PSI trigger on /proc/pressure/<resource> reported it.
struct MemoryPressure {
  std::string resource;  // memory, cpu, io
  std::string kind;      // some, full
  std::uint64_t stallMicroseconds = 0;
  std::uint64_t windowMicroseconds = 0;
  double avg10 = 0;  // the resource's avg10 for `kind` in percent, read when the trigger fired
  double wallClockSeconds = 0;
};

}  // namespace memwatch
