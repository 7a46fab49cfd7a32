#pragma once

// Sample events for the tests of the sinks.

#include "collectors/events/event.h"

namespace memwatch::testing {

inline OomKill sampleKill() {
  OomKill kill;
  kill.sequence = 9;
  kill.wallClockSeconds = 1795583521.686;
  kill.pid = 4242;
  kill.comm = "my \"app\"";
  kill.cgroup = "/system.slice/app.service";
  kill.unit = "app.service";
  kill.constraint = "memcg";
  kill.anonRssBytes = 32 << 20;
  return kill;
}

inline JournalFlood sampleFlood(std::string producer, bool started) {
  return JournalFlood{.producer = std::move(producer),
                      .started = started,
                      .wallClockSeconds = 1795583521,
                      .entriesPerSecond = 5000,
                      .bytesPerSecond = 60000,
                      .thresholds = {.entriesPerSecond = 1000, .bytesPerSecond = 1048576}};
}

inline MemoryPressure samplePressure() {
  return MemoryPressure{.resource = "memory",
                        .kind = "some",
                        .stallMicroseconds = 70000,
                        .windowMicroseconds = 1000000,
                        .avg10 = 12.5,
                        .wallClockSeconds = 1795583521};
}

}  // namespace memwatch::testing
