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
#include "collectors/procfs/pressure_trigger_settings.h"
#include "collectors/procfs/vmstat_collector.h"
#include "daemon/config/alert_settings.h"

namespace memwatch {

// Which bus memwatchd offers its D-Bus service on (--dbus.bus).
enum class DbusBus { System, Session, None };

// A value for a key and where it came from ("flag --web.listen-address", "/etc/x.yml:3"), so that
// an error can say exactly what to fix.
struct OptionValue {
  std::string key;
  std::string value;
  std::string origin;
};

// Flags and the YAML file set the same keys, declared in an OptionTable: the daemon's own
// options (daemon/process/option_table.cpp) and each subsystem's (daemon/subsystems/). Every
// field is set from its option's default text first, so that text is the one place a default
// is written: the structs' own initialisers are for code that builds them directly.
struct Settings {
  std::string listenAddress;
  std::string telemetryPath;
  std::size_t webMaxConnections = 1024;
  std::size_t webMaxRequests = 40;  // 0: no limit
  std::string webConfigFile;        // empty: plain HTTP, no auth
  std::string logLevel;
  DbusBus dbusBus = DbusBus::System;
  std::filesystem::path procfs;
  std::filesystem::path sysfs;
  VmstatFieldFilter vmstatFields;
  PressureTriggerSettings pressureTriggers;
  OomSettings oom;
  JournalSettings journal;
  AlertSettings alerts;
  std::map<std::string, bool, std::less<>> enabled;  // every collector switch, by name
  // The values given, config file's then flags', that made these settings out of the defaults.
  std::vector<OptionValue> values;

  bool isEnabled(std::string_view collector) const;
};

// One configurable key, spelled as the flag without its dashes ("web.listen-address"). A switch
// is a boolean with a --no-<key> form. A list (alerts.alertmanager-url) is a YAML sequence or a
// repeated flag: `apply` adds one item, and the file or the flags, whichever gives the key last,
// replace the default list as a whole (`clear` empties it first). A list's defaultText holds its
// items separated by ", ".
struct OptionSpec {
  bool isList() const { return static_cast<bool>(clear); }

  std::string key;
  std::string help;
  bool isSwitch = false;
  std::string defaultText;
  // Whether a SIGHUP applies a new value; one that applies only on restart is kept as it was.
  bool appliesOnReload = true;
  // Returns why the value is unusable, or nothing when it was applied.
  std::function<std::optional<std::string>(Settings&, const std::string&)> apply;
  // Set for a list and only for one: empties it.
  std::function<void(Settings&)> clear = nullptr;
};

// Every key memwatchd knows, in --help order; the flag parser and the config file loader both
// read it.
using OptionTable = std::vector<OptionSpec>;
const OptionSpec* findOption(const OptionTable& table, std::string_view key);

// Defaults, then the config file's values, then the flags': flags win.
Expected<Settings> resolveSettings(const OptionTable& table,
                                   const std::vector<OptionValue>& fromConfigFile,
                                   const std::vector<OptionValue>& fromFlags);

// Reads the config file (when one is named) and resolves it with the flags; used at start-up and
// on every SIGHUP so both refuse the same mistakes.
Expected<Settings> loadSettings(const OptionTable& table,
                                const std::optional<std::filesystem::path>& configFile,
                                const std::vector<OptionValue>& fromFlags);

// What a SIGHUP puts in force: `loaded`, except that options which apply only on restart keep
// their running values. `unchanged` gets the keys whose new value was set aside.
Expected<Settings> settingsForReload(const OptionTable& table, const Settings& running,
                                     const Settings& loaded, std::vector<std::string>& unchanged);

}  // namespace memwatch
