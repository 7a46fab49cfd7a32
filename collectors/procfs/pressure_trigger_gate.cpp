// PressureTriggerGate: the quiet rule first, then at most one event per interval; and the share
// of memory available, read from /proc/meminfo with its parser.
#include "collectors/procfs/pressure_trigger_gate.h"

#include "collectors/procfs/meminfo_parser.h"

namespace memwatch {

PressureTriggerGate::PressureTriggerGate(Clock::duration interval,
                                         std::optional<double> quietAvailableRatio)
    : interval_(interval), quietAvailableRatio_(quietAvailableRatio) {}

TriggerVerdict PressureTriggerGate::onFiring(Clock::time_point now,
                                             std::optional<double> availableRatio) {
  if (quietAvailableRatio_ && availableRatio && *availableRatio >= *quietAvailableRatio_) {
    return TriggerVerdict::kMemoryAvailable;
  }
  if (lastPublished_ && now - *lastPublished_ < interval_) return TriggerVerdict::kRateLimited;
  lastPublished_ = now;
  return TriggerVerdict::kPublish;
}

std::optional<double> memoryAvailableRatio(std::string_view meminfo) {
  Expected<std::vector<MeminfoField>> fields = parseMeminfo(meminfo);
  if (!fields) return std::nullopt;
  std::optional<double> total;
  std::optional<double> available;
  for (const MeminfoField& field : fields.value()) {
    if (field.name == "MemTotal_bytes") total = field.value;
    if (field.name == "MemAvailable_bytes") available = field.value;
  }
  if (!total || !available || *total <= 0) return std::nullopt;
  return *available / *total;
}

}  // namespace memwatch
