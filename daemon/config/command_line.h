#pragma once

// node_exporter-style command-line flags, parsed against the option table.

#include <filesystem>
#include <optional>
#include <variant>
#include <vector>

#include "daemon/config/settings.h"

namespace memwatch {

struct CommandLine {
  std::optional<std::filesystem::path> configFile;
  std::vector<OptionValue> flags;  // only the flags given, so they can override the config file
};

// Parses node_exporter style flags (--web.listen-address=:12100, --no-collector.vmstat). Returns
// an exit code instead when the process should stop: 0 after --help or --version, 2 after an
// unknown flag or a bad value, with the message already printed.
std::variant<CommandLine, int> parseCommandLine(int argc, const char* const* argv,
                                                const OptionTable& table);

}  // namespace memwatch
