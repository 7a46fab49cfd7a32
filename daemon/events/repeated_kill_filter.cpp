// RepeatedKillFilter::publish(): systemd-oomd kills remembered by unit for kWindow; a repeat
// within it dropped.
#include "daemon/events/repeated_kill_filter.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace memwatch {

void RepeatedKillFilter::publish(const Event& event) {
  const auto* kill = std::get_if<OomKill>(&event.what);
  if (kill == nullptr || kill->killer != "systemd-oomd" || kill->unit.empty()) {
    next_.publish(event);
    return;
  }
  const Clock::time_point now = clock_();
  while (!recent_.empty() &&
         (now - recent_.front().at > kWindow || recent_.size() >= kMaxRemembered)) {
    recent_.pop_front();
  }
  const bool repeated = std::any_of(recent_.begin(), recent_.end(), [&](const Remembered& seen) {
    return seen.unit == kill->unit;
  });
  if (repeated) {
    spdlog::debug("systemd-oomd's kill in {} reported again; counted once", kill->unit);
    return;
  }
  recent_.push_back({kill->unit, now});
  next_.publish(event);
}

}  // namespace memwatch
