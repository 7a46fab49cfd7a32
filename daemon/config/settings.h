#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"
#include "daemon/subsystems/collector_factory.h"

namespace memwatch {

// Everything memwatchd can be configured with. Flags and the YAML file set the same keys.
struct Settings {
  std::string listenAddress = ":12100";
  std::string telemetryPath = "/metrics";
  std::string logLevel = "info";
  CollectorSettings collectors;
};

// One configurable key, spelled as the flag without its dashes ("web.listen-address"). A switch
// is a boolean with a --no-<key> form.
struct OptionSpec {
  std::string key;
  std::string help;
  bool isSwitch = false;
  std::string defaultText;
  // Returns why the value is unusable, or nothing when it was applied.
  std::function<std::optional<std::string>(Settings&, const std::string&)> apply;
};

// The one table both the flag parser and the config file loader use.
const std::vector<OptionSpec>& optionSpecs();
const OptionSpec* findOptionSpec(std::string_view key);

// A value for a key and where it came from ("flag --web.listen-address", "/etc/x.yml:3"), so that
// an error can say exactly what to fix.
struct OptionValue {
  std::string key;
  std::string value;
  std::string origin;
};

// Defaults, then the config file's values, then the flags': flags win.
Expected<Settings> resolveSettings(const std::vector<OptionValue>& fromConfigFile,
                                   const std::vector<OptionValue>& fromFlags);

// Reads the config file (when one is named) and resolves it with the flags; used at start-up and
// on every SIGHUP so both refuse the same mistakes.
Expected<Settings> loadSettings(const std::optional<std::filesystem::path>& configFile,
                                const std::vector<OptionValue>& fromFlags);

}  // namespace memwatch
