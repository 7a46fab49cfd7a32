#pragma once

// The OOM watchdog's configuration (--path.kmsg, --collector.oom.*).

#include <cstddef>
#include <filesystem>

namespace memwatch {

struct OomSettings {
  // The kernel log to follow, or a regular file of its records to replay once.
  std::filesystem::path kmsg = "/dev/kmsg";
  // Units with a memwatch_oom_kills_by_unit_total series of their own (the top ones by kills).
  std::size_t unitSeries = 20;
};

}  // namespace memwatch
