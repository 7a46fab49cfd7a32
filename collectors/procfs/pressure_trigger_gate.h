#pragma once

// Whether one firing of a PSI trigger becomes an event: the rate limit and the quiet rule.

#include <chrono>
#include <optional>
#include <string_view>

namespace memwatch {

// What becomes of one firing.
enum class TriggerVerdict {
  kPublish,
  kRateLimited,      // an event of the same trigger was published less than the interval ago
  kMemoryAvailable,  // a memory trigger while enough memory is available (the quiet rule)
};

// Decides for one trigger, with the time given, so that the rules are tested without a kernel.
// The kernel fires a trigger at most once per window while the stall lasts (every second for
// the default triggers); an operator wants to hear once that memory is short, then again after
// the interval if it still is, as GNOME's low-memory-monitor does.
class PressureTriggerGate {
 public:
  using Clock = std::chrono::steady_clock;

  // `quietAvailableRatio`: a share of MemTotal (0.5 for 50 %) at or above which MemAvailable
  // keeps the trigger quiet; nothing for triggers the rule does not apply to (cpu, io, or the
  // rule turned off).
  PressureTriggerGate(Clock::duration interval, std::optional<double> quietAvailableRatio);

  // `availableRatio`: MemAvailable / MemTotal now, or nothing when unknown (meminfo unreadable),
  // in which case the firing is not kept quiet: a warning too many beats a shortage unsaid.
  // A quiet firing does not start the interval, so the first firing once memory runs short is
  // published at once.
  TriggerVerdict onFiring(Clock::time_point now, std::optional<double> availableRatio);

  bool needsAvailableRatio() const { return quietAvailableRatio_.has_value(); }

 private:
  const Clock::duration interval_;
  const std::optional<double> quietAvailableRatio_;
  std::optional<Clock::time_point> lastPublished_;
};

// MemAvailable / MemTotal from the text of /proc/meminfo; nothing when either is missing
// (MemAvailable needs Linux 3.14), MemTotal is 0 or the text does not parse.
std::optional<double> memoryAvailableRatio(std::string_view meminfo);

}  // namespace memwatch
