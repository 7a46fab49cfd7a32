#pragma once

// The YAML configuration file, flattened into the same keys as the flags.

#include <filesystem>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"
#include "daemon/config/settings.h"

namespace memwatch {

// Reads the YAML config. Nested mappings spell the flag's dotted key:
//   web: {listen-address: "127.0.0.1:12100"}   is   --web.listen-address=127.0.0.1:12100
// A collector's switch may also be written as `enabled` under its name, so that it can sit next
// to the collector's options: collector: {vmstat: {enabled: true, fields: "^pg"}}.
// Keys are checked against the option table; errors name the file, line and key.
Expected<std::vector<OptionValue>> parseConfigText(std::string_view text,
                                                   const std::string& fileName,
                                                   const OptionTable& table);
Expected<std::vector<OptionValue>> loadConfigFile(const std::filesystem::path& path,
                                                  const OptionTable& table);

}  // namespace memwatch
