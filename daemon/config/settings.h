#pragma once

// Everything memwatchd is configured with, and how flags and the config file become it.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"
#include "collectors/journal/journal_settings.h"
#include "collectors/oom/oom_settings.h"
#include "collectors/procfs/vmstat_collector.h"

namespace memwatch {

// A value for a key and where it came from ("flag --web.listen-address", "/etc/x.yml:3"), so that
// an error can say exactly what to fix.
struct OptionValue {
  std::string key;
  std::string value;
  std::string origin;
};

// Flags and the YAML file set the same keys. The daemon's own options are declared in
// settings.cpp; each subsystem declares its own (daemon/subsystems/).
struct Settings {
  std::string listenAddress = ":12100";
  std::string telemetryPath = "/metrics";
  std::string logLevel = "info";
  std::filesystem::path procfs = "/proc";
  std::filesystem::path sysfs = "/sys";
  VmstatFieldFilter vmstatFields;
  OomSettings oom;
  JournalSettings journal;
  std::map<std::string, bool, std::less<>> enabled;  // collector switches given, by name
  // The values these settings were made of: the config file's, then the flags'.
  std::vector<OptionValue> values;

  bool isEnabled(std::string_view collector, bool enabledByDefault) const;
};

// One configurable key, spelled as the flag without its dashes ("web.listen-address"). A switch
// is a boolean with a --no-<key> form.
struct OptionSpec {
  std::string key;
  std::string help;
  bool isSwitch = false;
  std::string defaultText;
  // Whether a SIGHUP applies a new value; one that applies only on restart is kept as it was.
  bool appliesOnReload = true;
  // Returns why the value is unusable, or nothing when it was applied.
  std::function<std::optional<std::string>(Settings&, const std::string&)> apply;
};

// The one table both the flag parser and the config file loader use: the daemon's options,
// then each subsystem's options and collector switches.
const std::vector<OptionSpec>& optionSpecs();
const OptionSpec* findOptionSpec(std::string_view key);

// Defaults, then the config file's values, then the flags': flags win.
Expected<Settings> resolveSettings(const std::vector<OptionValue>& fromConfigFile,
                                   const std::vector<OptionValue>& fromFlags);

// Reads the config file (when one is named) and resolves it with the flags; used at start-up and
// on every SIGHUP so both refuse the same mistakes.
Expected<Settings> loadSettings(const std::optional<std::filesystem::path>& configFile,
                                const std::vector<OptionValue>& fromFlags);

// What a SIGHUP puts in force: `loaded`, except that options which apply only on restart keep
// their running values. `unchanged` gets the keys whose new value was set aside.
Settings settingsForReload(const Settings& running, const Settings& loaded,
                           std::vector<std::string>& unchanged);

// "true", "yes", "on", "1" and their opposites, in any case.
std::optional<bool> parseBool(std::string value);

}  // namespace memwatch
