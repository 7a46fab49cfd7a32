#pragma once

// The journal watchdog's configuration and the parsers of its option values.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"
#include "collectors/journal/producer_table.h"

namespace memwatch {

// Different flood thresholds for producers whose name matches a glob ("nginx*.service").
struct FloodOverride {
  std::string pattern;
  FloodThresholds thresholds;
};

// The journal watchdog's configuration (--collector.journal.*).
struct JournalSettings {
  std::string nameSpace;            // a journald namespace instead of the system journal
  std::filesystem::path directory;  // or a directory of journal files
  std::filesystem::path stateFile = "/var/lib/memwatch/journal.cursor";
  std::size_t exported = 20;      // producers with series of their own (K)
  std::size_t candidates = 1000;  // producers tracked (N)
  int floodWindowSeconds = 10;
  FloodThresholds thresholds;
  std::vector<std::string> ignored;  // globs of producers never reported as flooding
  std::vector<FloodOverride> overrides;
  // The unit whose "sending SIGTERM to process ..." lines are earlyoom's kills; "" for none.
  std::string earlyoomUnit = "earlyoom.service";

  // The first matching ignore or override wins; otherwise the default thresholds.
  FloodPolicy policyFor(std::string_view producer) const;
};

// "10s", "1m", "30" (seconds) -> seconds, from 1 to FloodDetector::kMaxWindowSeconds.
std::optional<int> parseWindowSeconds(std::string_view text);
// "a*.service, b" -> {"a*.service", "b"}.
std::vector<std::string> parseGlobList(std::string_view text);
// "nginx*.service=5000/4194304, chatty=0/0": entries/s and bytes/s per glob.
Expected<std::vector<FloodOverride>> parseFloodOverrides(std::string_view text);

}  // namespace memwatch
