#include "daemon/config/settings.h"

#include <algorithm>

#include "daemon/config/config_file.h"
#include "daemon/http/listen_address.h"
#include "daemon/process/logging.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {
namespace {

std::optional<std::string> nonEmptyPath(std::filesystem::path& target, const std::string& value) {
  if (value.empty()) return "must not be empty";
  target = value;
  return std::nullopt;
}

// The options of the process itself; the subsystems bring theirs.
std::vector<OptionSpec> daemonOptions() {
  return {
      {.key = "web.listen-address",
       .help = "Address on which to expose metrics, as host:port; an empty host means all "
               "interfaces, port 0 lets the kernel choose.",
       .defaultText = ":12100",
       .appliesOnReload = false,
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         Expected<ListenAddress> parsed = parseListenAddress(v);
         if (!parsed) return parsed.error().message;
         s.listenAddress = v;
         return std::nullopt;
       }},
      {.key = "web.telemetry-path",
       .help = "Path under which to expose metrics.",
       .defaultText = "/metrics",
       .appliesOnReload = false,
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         if (v.empty() || v.front() != '/') return "must start with '/'";
         s.telemetryPath = v;
         return std::nullopt;
       }},
      {.key = "path.procfs",
       .help = "procfs mountpoint.",
       .defaultText = "/proc",
       .apply = [](Settings& s, const std::string& v) { return nonEmptyPath(s.procfs, v); }},
      {.key = "path.sysfs",
       .help = "sysfs mountpoint.",
       .defaultText = "/sys",
       .apply = [](Settings& s, const std::string& v) { return nonEmptyPath(s.sysfs, v); }},
      {.key = "log.level",
       .help = "Only log messages with the given severity or above: debug, info, warn, error.",
       .defaultText = "info",
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         if (!parseLogLevel(v)) return "must be one of debug, info, warn, error";
         s.logLevel = v;
         return std::nullopt;
       }},
  };
}

OptionSpec switchFor(const CollectorSwitch& collector) {
  std::string name(collector.name);
  return {.key = "collector." + name,
          .help = "Enable the " + name + " collector: " + std::string(collector.help),
          .isSwitch = true,
          .defaultText = collector.enabledByDefault ? "true" : "false",
          .apply = [name](Settings& s, const std::string& v) -> std::optional<std::string> {
            std::optional<bool> enabled = parseBool(v);
            if (!enabled) return "must be true or false";
            s.enabled[name] = *enabled;
            return std::nullopt;
          }};
}

std::vector<OptionSpec> buildOptionSpecs() {
  std::vector<OptionSpec> specs = daemonOptions();
  for (const SubsystemDescription& subsystem : subsystemDescriptions()) {
    specs.insert(specs.end(), subsystem.options.begin(), subsystem.options.end());
  }
  for (const SubsystemDescription& subsystem : subsystemDescriptions()) {
    for (const CollectorSwitch& collector : subsystem.switches) {
      specs.push_back(switchFor(collector));
    }
  }
  return specs;
}

std::optional<Error> applyAll(Settings& settings, const std::vector<OptionValue>& values) {
  for (const OptionValue& value : values) {
    const OptionSpec* spec = findOptionSpec(value.key);
    if (spec == nullptr) {
      return Error{.message = value.origin + ": unknown key '" + value.key + "'"};
    }
    if (std::optional<std::string> why = spec->apply(settings, value.value)) {
      return Error{.message = value.origin + ": invalid value '" + value.value + "' for " +
                              value.key + ": " + *why};
    }
    settings.values.push_back(value);
  }
  return std::nullopt;
}

// The value in force for a key: the last one given, else its default.
std::string effectiveValue(const Settings& settings, const OptionSpec& spec) {
  for (auto it = settings.values.rbegin(); it != settings.values.rend(); ++it) {
    if (it->key == spec.key) return it->value;
  }
  return spec.defaultText;
}

}  // namespace

bool Settings::isEnabled(std::string_view collector, bool enabledByDefault) const {
  auto it = enabled.find(collector);
  return it == enabled.end() ? enabledByDefault : it->second;
}

std::optional<bool> parseBool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

const std::vector<OptionSpec>& optionSpecs() {
  static const std::vector<OptionSpec> specs = buildOptionSpecs();
  return specs;
}

const OptionSpec* findOptionSpec(std::string_view key) {
  for (const OptionSpec& spec : optionSpecs()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

Expected<Settings> resolveSettings(const std::vector<OptionValue>& fromConfigFile,
                                   const std::vector<OptionValue>& fromFlags) {
  Settings settings;
  if (auto error = applyAll(settings, fromConfigFile)) return *error;
  if (auto error = applyAll(settings, fromFlags)) return *error;
  return settings;
}

Expected<Settings> loadSettings(const std::optional<std::filesystem::path>& configFile,
                                const std::vector<OptionValue>& fromFlags) {
  std::vector<OptionValue> fromConfigFile;
  if (configFile) {
    Expected<std::vector<OptionValue>> loaded = loadConfigFile(*configFile);
    if (!loaded) return loaded.error();
    fromConfigFile = std::move(loaded).value();
  }
  return resolveSettings(fromConfigFile, fromFlags);
}

Settings settingsForReload(const Settings& running, const Settings& loaded,
                           std::vector<std::string>& unchanged) {
  std::vector<OptionValue> values;
  for (const OptionValue& value : loaded.values) {
    if (findOptionSpec(value.key)->appliesOnReload) values.push_back(value);
  }
  for (const OptionValue& value : running.values) {
    if (!findOptionSpec(value.key)->appliesOnReload) values.push_back(value);
  }
  for (const OptionSpec& spec : optionSpecs()) {
    if (!spec.appliesOnReload && effectiveValue(running, spec) != effectiveValue(loaded, spec)) {
      unchanged.push_back(spec.key);
    }
  }
  // Every one of these values was accepted before, by the same options.
  return std::move(resolveSettings({}, values)).value();
}

}  // namespace memwatch
