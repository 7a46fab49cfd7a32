// rfc3339(): gmtime_r and strftime for the UTC date and time, then the milliseconds and a Z.
#include "collectors/base/rfc3339.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace memwatch {

std::string rfc3339(double wallClockSeconds) {
  const auto seconds = static_cast<time_t>(std::floor(wallClockSeconds));
  const int millis = static_cast<int>((wallClockSeconds - static_cast<double>(seconds)) * 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, millis);
}

}  // namespace memwatch
