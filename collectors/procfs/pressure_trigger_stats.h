#pragma once

// What the PSI triggers did: which are armed, their events and suppressed firings.

#include <cstdint>
#include <mutex>
#include <vector>

#include "collectors/procfs/pressure_trigger_gate.h"
#include "collectors/procfs/pressure_trigger_spec.h"

namespace memwatch {

// Written by the trigger watcher on the event loop thread, read by scrapes on HTTP threads. Held
// by the procfs subsystem for the life of the process, so a SIGHUP never resets a counter.
class PressureTriggerStats {
 public:
  struct Trigger {
    PressureTriggerSpec spec;
    bool armed = false;  // set in the kernel and still there
    std::uint64_t events = 0;
    std::uint64_t rateLimited = 0;
    std::uint64_t quietMemoryAvailable = 0;
  };

  // A configured trigger, not armed yet; returns its index for the calls below.
  std::size_t add(PressureTriggerSpec spec);
  void setArmed(std::size_t trigger, bool armed);
  void count(std::size_t trigger, TriggerVerdict verdict);

  // In the order they were added.
  std::vector<Trigger> triggers() const;

 private:
  mutable std::mutex mutex_;
  std::vector<Trigger> triggers_;
};

}  // namespace memwatch
