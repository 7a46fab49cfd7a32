#pragma once

// Parser of /proc/<pid>/stat and /proc/stat's boot time, and what they come to in seconds and
// bytes.

#include <cstdint>
#include <string_view>

#include "collectors/base/expected.h"

namespace memwatch {

// The fields of /proc/<pid>/stat that the standard process_* metrics need, in kernel units.
struct ProcessStat {
  std::uint64_t userTicks = 0;
  std::uint64_t systemTicks = 0;
  std::uint64_t startTicksSinceBoot = 0;
  std::uint64_t virtualMemoryBytes = 0;
  std::uint64_t residentPages = 0;
};

// The command name sits in parentheses and may itself hold spaces and ')', so fields are counted
// from the last ')'.
Expected<ProcessStat> parseProcessStat(std::string_view text);

// A process's CPU time (user + system) and resident memory in seconds and bytes, converted with
// this machine's clock tick (sysconf(_SC_CLK_TCK)) and page size.
struct ProcessUsage {
  double cpuSeconds = 0;
  double residentBytes = 0;
};
ProcessUsage processUsage(const ProcessStat& stat);
double clockTicksPerSecond();

// The "btime" line of /proc/stat: boot time in seconds since the epoch.
Expected<std::uint64_t> parseBootTime(std::string_view procStat);

}  // namespace memwatch
