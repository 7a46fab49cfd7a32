// RecentEvents: the newest OOM kills and journal floods in capped deques behind a mutex, newest
// first.
#include "daemon/events/recent_events.h"

namespace memwatch {
namespace {

template <typename T>
void keepNewest(std::deque<T>& ring, const T& value, std::size_t capacity) {
  ring.push_front(value);
  if (ring.size() > capacity) ring.pop_back();
}

}  // namespace

void RecentEvents::deliver(const Event& event) {
  std::lock_guard lock(mutex_);
  std::visit(Overloaded{[this](const OomKill& kill) { keepNewest(oomKills_, kill, kOomKills); },
                        [this](const JournalFlood& flood) {
                          keepNewest(journalFloods_, flood, kJournalFloods);
                        },
                        [this](const MemoryPressure& pressure) {
                          keepNewest(pressureTriggers_, pressure, kPressureTriggers);
                        }},
             event.what);
}

std::vector<OomKill> RecentEvents::oomKills() const {
  std::lock_guard lock(mutex_);
  return {oomKills_.begin(), oomKills_.end()};
}

std::vector<JournalFlood> RecentEvents::journalFloods() const {
  std::lock_guard lock(mutex_);
  return {journalFloods_.begin(), journalFloods_.end()};
}

std::vector<MemoryPressure> RecentEvents::pressureTriggers() const {
  std::lock_guard lock(mutex_);
  return {pressureTriggers_.begin(), pressureTriggers_.end()};
}

}  // namespace memwatch
