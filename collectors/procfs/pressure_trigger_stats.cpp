// PressureTriggerStats: one record per configured trigger, updated and copied out under a mutex.
#include "collectors/procfs/pressure_trigger_stats.h"

namespace memwatch {

std::size_t PressureTriggerStats::add(PressureTriggerSpec spec) {
  std::lock_guard lock(mutex_);
  triggers_.push_back(Trigger{.spec = std::move(spec)});
  return triggers_.size() - 1;
}

void PressureTriggerStats::setArmed(std::size_t trigger, bool armed) {
  std::lock_guard lock(mutex_);
  triggers_.at(trigger).armed = armed;
}

void PressureTriggerStats::count(std::size_t trigger, TriggerVerdict verdict) {
  std::lock_guard lock(mutex_);
  Trigger& counted = triggers_.at(trigger);
  switch (verdict) {
    case TriggerVerdict::kPublish:
      ++counted.events;
      break;
    case TriggerVerdict::kRateLimited:
      ++counted.rateLimited;
      break;
    case TriggerVerdict::kMemoryAvailable:
      ++counted.quietMemoryAvailable;
      break;
  }
}

std::vector<PressureTriggerStats::Trigger> PressureTriggerStats::triggers() const {
  std::lock_guard lock(mutex_);
  return triggers_;
}

}  // namespace memwatch
