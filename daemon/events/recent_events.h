#pragma once

// The newest events of each kind, kept for /api/v1/oom-kills, /api/v1/journal/floods and
// /api/v1/pressure/triggers.

#include <deque>
#include <mutex>
#include <vector>

#include "daemon/events/event_sink.h"

namespace memwatch {

// The last kOomKills OOM kills, the last kJournalFloods flood starts and ends and the last
// kPressureTriggers pressure trigger firings, announced or
// not (the kills already in the ring buffer at start are listed too). Written on the event loop
// thread, read by the HTTP threads.
class RecentEvents : public EventSink {
 public:
  static constexpr std::size_t kOomKills = 256;
  static constexpr std::size_t kJournalFloods = 64;
  static constexpr std::size_t kPressureTriggers = 64;

  std::string_view name() const override { return "recent events"; }
  bool wantsUnannounced() const override { return true; }
  void deliver(const Event& event) override;

  // Newest first.
  std::vector<OomKill> oomKills() const;
  std::vector<JournalFlood> journalFloods() const;
  std::vector<MemoryPressure> pressureTriggers() const;

 private:
  mutable std::mutex mutex_;
  std::deque<OomKill> oomKills_;  // newest at the front
  std::deque<JournalFlood> journalFloods_;
  std::deque<MemoryPressure> pressureTriggers_;
};

}  // namespace memwatch
