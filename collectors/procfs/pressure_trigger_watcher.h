#pragma once

// Sets kernel PSI triggers and turns their firings into MemoryPressure events on the event loop.

#include <systemd/sd-event.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "collectors/base/scoped_event_source.h"
#include "collectors/events/event_publisher.h"
#include "collectors/procfs/pressure_trigger_gate.h"
#include "collectors/procfs/pressure_trigger_settings.h"
#include "collectors/procfs/pressure_trigger_stats.h"

namespace memwatch {

// Each configured trigger is written to its own descriptor of <procfs>/pressure/<resource>, and
// the kernel wakes the loop with EPOLLPRI when the stall threshold is crossed (at most once per
// window while it lasts): no polling. Each firing passes the PressureTriggerGate of its resource
// and kind (shared by triggers at different thresholds, so one stall is one event) and becomes
// an announced MemoryPressure event with the resource's avg10 at that moment.
class PressureTriggerWatcher {
 public:
  // Never fails: a trigger the kernel refuses (no permission, a window it does not allow), or
  // one whose file is not the kernel's (a fixture tree), is logged once as a warning with the
  // reason and left unarmed; the others work. A kernel without PSI is the pressure collector's
  // "no data", which it says once: its triggers are logged at debug level only. `stats` gets
  // every trigger, armed or not.
  PressureTriggerWatcher(sd_event* loop, std::filesystem::path procfs,
                         const PressureTriggerSettings& settings,
                         std::shared_ptr<PressureTriggerStats> stats, EventPublisher& events);
  ~PressureTriggerWatcher();
  PressureTriggerWatcher(const PressureTriggerWatcher&) = delete;
  PressureTriggerWatcher& operator=(const PressureTriggerWatcher&) = delete;

 private:
  struct Trigger {
    Trigger(PressureTriggerWatcher& owner, std::size_t index, PressureTriggerSpec spec,
            std::filesystem::path path, PressureTriggerGate& gate);
    ~Trigger();

    PressureTriggerWatcher& owner;
    const std::size_t index;  // in stats_
    const PressureTriggerSpec spec;
    const std::filesystem::path path;
    PressureTriggerGate& gate;  // shared by the triggers of one resource and kind
    int fd = -1;
    ScopedEventSource source;  // declared after fd: goes before the descriptor is closed
  };

  // Why a trigger is not set.
  struct Refusal {
    std::string reason;
    bool noPsi = false;  // the kernel has no PSI, or it is disabled
  };
  // Nothing when armed.
  std::optional<Refusal> arm(sd_event* loop, Trigger& trigger);
  static int onPriority(sd_event_source* source, int fd, uint32_t revents, void* trigger);
  void fire(Trigger& trigger);
  double avg10Percent(const Trigger& trigger) const;

  const std::filesystem::path meminfo_;
  const std::shared_ptr<PressureTriggerStats> stats_;
  EventPublisher& events_;
  // Per resource and kind; a map's elements never move, so triggers keep references to them.
  std::map<std::pair<std::string, std::string>, PressureTriggerGate> gates_;
  std::vector<std::unique_ptr<Trigger>> triggers_;  // stable addresses: each is a userdata
};

}  // namespace memwatch
