#pragma once

// The PSI triggers' configuration (--pressure.trigger, --pressure.trigger-*).

#include <chrono>
#include <vector>

#include "collectors/procfs/pressure_trigger_spec.h"

namespace memwatch {

struct PressureTriggerSettings {
  // Set on /proc/pressure/<resource> at start. The option's default is low-memory-monitor's three
  // memory triggers at its shares of stall (7 % and 10 % "some", 10 % "full") over 2 s windows.
  std::vector<PressureTriggerSpec> triggers;
  // At most one event per resource and kind in this time; firings in between are counted as
  // suppressed.
  std::chrono::milliseconds interval = std::chrono::seconds(15);
  // No event from a memory trigger while MemAvailable is at least this share of MemTotal, in
  // percent: stalls with half the memory free are not a shortage worth a warning. 100 turns the
  // rule off.
  unsigned quietAvailablePercent = 50;
};

}  // namespace memwatch
