#pragma once

// Parser of a PSI trigger as configured: "RESOURCE KIND STALL_US WINDOW_US".

#include <cstdint>
#include <string>
#include <string_view>

#include "collectors/base/expected.h"

namespace memwatch {

// One kernel pressure trigger (Documentation/accounting/psi.rst): wake up when tasks stalled on
// `resource` for `stallMicroseconds` within any `windowMicroseconds` window.
struct PressureTriggerSpec {
  std::string resource;  // memory, cpu, io
  std::string kind;      // some, full
  std::uint64_t stallMicroseconds = 0;
  std::uint64_t windowMicroseconds = 0;

  // What is written to /proc/pressure/<resource>: "some 70000 1000000".
  std::string kernelText() const;
  // As configured: "memory some 70000 1000000".
  std::string text() const;
  bool operator==(const PressureTriggerSpec&) const = default;
};

// The kernel's bounds on a trigger's window (WINDOW_MIN_US, WINDOW_MAX_US in kernel/sched/psi.c).
inline constexpr std::uint64_t kMinTriggerWindowMicroseconds = 500'000;
inline constexpr std::uint64_t kMaxTriggerWindowMicroseconds = 10'000'000;

// "memory some 70000 1000000". Checks what the kernel checks for every writer (a window from
// 500 ms to 10 s, a stall from 1 us to the window), so that a mistake stops memwatchd at start
// with the option named. What depends on the kernel and the writer's privilege (cpu full needs
// 5.13, a writer without CAP_SYS_RESOURCE needs a window that is a multiple of 2 s) is left to
// the kernel, which says so when the trigger is set.
Expected<PressureTriggerSpec> parsePressureTriggerSpec(std::string_view text);

}  // namespace memwatch
