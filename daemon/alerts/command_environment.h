#pragma once

// The environment alerts.command runs with: a fixed base and the event in MEMWATCH_* variables.

#include <string>
#include <vector>

#include "collectors/events/event.h"

namespace memwatch {

// "NAME=value" strings, for posix_spawn's envp. Nothing of memwatchd's own environment is passed
// on: PATH (the usual system directories) and LANG=C.UTF-8, then
//   every event: MEMWATCH_EVENT (oom_kill | journal_flood | memory_pressure), MEMWATCH_TIME
//     (RFC 3339), MEMWATCH_INSTANCE, MEMWATCH_MESSAGE (the log line's text);
//   oom_kill: MEMWATCH_PID, MEMWATCH_COMM, MEMWATCH_UID (when known), MEMWATCH_CGROUP,
//     MEMWATCH_UNIT, MEMWATCH_CONSTRAINT, MEMWATCH_KILLER, MEMWATCH_TOTAL_VM_BYTES,
//     MEMWATCH_ANON_RSS_BYTES, MEMWATCH_FILE_RSS_BYTES, MEMWATCH_SHMEM_RSS_BYTES,
//     MEMWATCH_OOM_SCORE_ADJ and MEMWATCH_INVOKED_BY (when known);
//   journal_flood: MEMWATCH_PRODUCER, MEMWATCH_FLOOD (started | ended),
//     MEMWATCH_ENTRIES_PER_SECOND, MEMWATCH_BYTES_PER_SECOND,
//     MEMWATCH_THRESHOLD_ENTRIES_PER_SECOND, MEMWATCH_THRESHOLD_BYTES_PER_SECOND;
//   memory_pressure: MEMWATCH_RESOURCE, MEMWATCH_KIND, MEMWATCH_STALL_US, MEMWATCH_WINDOW_US,
//     MEMWATCH_AVG10.
// Values from the host (a comm, a producer, a cgroup) are passed as they are, since no shell
// reads them, but for NUL bytes, which would cut the variable short, and are removed.
std::vector<std::string> commandEnvironment(const Event& event, const std::string& instance);

}  // namespace memwatch
