#pragma once

// Sample kills for the OOM tests.

#include <string>

#include "collectors/events/oom_kill.h"

namespace memwatch::testing {

// A memory cgroup kill of `pid` in `unit`, at wall-clock time 1000 + pid.
inline OomKill killIn(const std::string& unit, int pid) {
  OomKill kill;
  kill.pid = pid;
  kill.unit = unit;
  kill.constraint = "memcg";
  kill.wallClockSeconds = 1000 + pid;
  return kill;
}

}  // namespace memwatch::testing
