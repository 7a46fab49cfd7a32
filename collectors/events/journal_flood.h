#pragma once

// A journal producer starting or ending a flood: one kind of Event.

#include <string>

namespace memwatch {

// The rates a producer floods at: entries and MESSAGE bytes per second over the flood window.
struct FloodThresholds {
  double entriesPerSecond = 1000;
  double bytesPerSecond = 1 << 20;
};

struct JournalFlood {
  std::string producer;         // valid UTF-8, at most kMaxProducerBytes (collectors/journal)
  bool started = false;         // or ended
  double wallClockSeconds = 0;  // on the journal's clock: the time of the entry that decided it
  double entriesPerSecond = 0;  // the producer's rates over the window at that moment
  double bytesPerSecond = 0;
  FloodThresholds thresholds;  // the ones that applied to this producer
};

}  // namespace memwatch
