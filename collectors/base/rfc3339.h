#pragma once

// Wall-clock times as RFC 3339 text, for the JSON API and journal records.

#include <string>

namespace memwatch {

// "2026-11-25T05:12:01.686Z": seconds since the epoch as RFC 3339 UTC, to the millisecond.
std::string rfc3339(double wallClockSeconds);

}  // namespace memwatch
