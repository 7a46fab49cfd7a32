#include "daemon/config/settings.h"

#include <algorithm>
#include <regex>

#include "collectors/base/text_scan.h"
#include "daemon/config/config_file.h"
#include "daemon/http/listen_address.h"
#include "daemon/process/logging.h"

namespace memwatch {
namespace {

std::optional<bool> parseBool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

std::vector<OptionSpec> buildOptionSpecs() {
  std::vector<OptionSpec> specs;
  specs.push_back({"web.listen-address",
                   "Address on which to expose metrics, as host:port; an empty host means all "
                   "interfaces, port 0 lets the kernel choose.",
                   false, ":12100",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     Expected<ListenAddress> parsed = parseListenAddress(v);
                     if (!parsed) return parsed.error().message;
                     s.listenAddress = v;
                     return std::nullopt;
                   }});
  specs.push_back({"web.telemetry-path", "Path under which to expose metrics.", false, "/metrics",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     if (v.empty() || v.front() != '/') return "must start with '/'";
                     s.telemetryPath = v;
                     return std::nullopt;
                   }});
  specs.push_back({"path.procfs", "procfs mountpoint.", false, "/proc",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     if (v.empty()) return "must not be empty";
                     s.collectors.procfs = v;
                     return std::nullopt;
                   }});
  specs.push_back({"path.sysfs", "sysfs mountpoint.", false, "/sys",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     if (v.empty()) return "must not be empty";
                     s.collectors.sysfs = v;
                     return std::nullopt;
                   }});
  specs.push_back({"path.kmsg",
                   "Kernel log to follow for OOM kills: /dev/kmsg, or a regular file of "
                   "records in its format, one per line, read once (to replay a captured log).",
                   false, "/dev/kmsg",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     if (v.empty()) return "must not be empty";
                     s.collectors.kmsg = v;
                     return std::nullopt;
                   }});
  specs.push_back({"collector.oom.units",
                   "Systemd units that get their own memwatch_oom_kills_by_unit_total series, "
                   "first come first served; kills in further units count under unit=\"other\".",
                   false, "20",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     std::optional<std::uint64_t> units = parseUnsigned(v);
                     if (!units || *units > 1000) return "must be a whole number from 0 to 1000";
                     s.collectors.oomUnitSeries = *units;
                     return std::nullopt;
                   }});
  auto journalText =
      [](const char* key, const char* help, std::string defaultText,
         std::function<std::optional<std::string>(JournalSettings&, const std::string&)> apply) {
        return OptionSpec{
            key, help, false, std::move(defaultText),
            [apply](Settings& s, const std::string& v) { return apply(s.collectors.journal, v); }};
      };
  auto count = [](std::size_t low, std::size_t high, std::size_t& target,
                  const std::string& v) -> std::optional<std::string> {
    std::optional<std::uint64_t> value = parseUnsigned(v);
    if (!value || *value < low || *value > high) {
      return "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high);
    }
    target = *value;
    return std::nullopt;
  };
  specs.push_back(journalText(
      "collector.journal.namespace", "Read this journald namespace instead of the system journal.",
      "", [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
        j.nameSpace = v;
        return std::nullopt;
      }));
  specs.push_back(journalText(
      "collector.journal.directory", "Read the journal files in this directory instead.", "",
      [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
        j.directory = v;
        return std::nullopt;
      }));
  specs.push_back(journalText(
      "collector.journal.state-file",
      "Where the journal reader keeps its position, to resume after a restart; empty for none.",
      "/var/lib/memwatch/journal.cursor",
      [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
        j.stateFile = v;
        return std::nullopt;
      }));
  specs.push_back(journalText(
      "collector.journal.top",
      "Producers with their own memwatch_journal_* series (the busiest); the rest count as "
      "\"other\".",
      "20",
      [count](JournalSettings& j, const std::string& v) { return count(1, 1000, j.exported, v); }));
  specs.push_back(
      journalText("collector.journal.producers",
                  "Producers tracked at once, least recently seen evicted first; bounds memory.",
                  "1000", [count](JournalSettings& j, const std::string& v) {
                    return count(1, 100000, j.candidates, v);
                  }));
  specs.push_back(journalText(
      "collector.journal.flood-window", "Window over which a producer's log rate is measured.",
      "10s", [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
        std::optional<int> seconds = parseWindowSeconds(v);
        if (!seconds) return "must be a duration from 1s to 60s";
        j.floodWindowSeconds = *seconds;
        return std::nullopt;
      }));
  specs.push_back(
      journalText("collector.journal.flood-entries-per-second",
                  "A producer floods from this many entries per second over the window.", "1000",
                  [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                    std::optional<std::uint64_t> value = parseUnsigned(v);
                    if (!value || *value == 0) return "must be a positive whole number";
                    j.thresholds.entriesPerSecond = static_cast<double>(*value);
                    return std::nullopt;
                  }));
  specs.push_back(journalText(
      "collector.journal.flood-bytes-per-second",
      "A producer floods from this many MESSAGE bytes per second over the window.", "1048576",
      [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
        std::optional<std::uint64_t> value = parseUnsigned(v);
        if (!value || *value == 0) return "must be a positive whole number";
        j.thresholds.bytesPerSecond = static_cast<double>(*value);
        return std::nullopt;
      }));
  specs.push_back(
      journalText("collector.journal.flood-ignore",
                  "Comma-separated globs of producers never reported as flooding.", "",
                  [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                    j.ignored = parseGlobList(v);
                    return std::nullopt;
                  }));
  specs.push_back(journalText(
      "collector.journal.flood-overrides",
      "Comma-separated GLOB=ENTRIES_PER_SECOND/BYTES_PER_SECOND thresholds for matching "
      "producers; the first match wins.",
      "", [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
        Expected<std::vector<FloodOverride>> overrides = parseFloodOverrides(v);
        if (!overrides) return overrides.error().message;
        j.overrides = std::move(overrides).value();
        return std::nullopt;
      }));
  specs.push_back({"log.level",
                   "Only log messages with the given severity or above: debug, info, "
                   "warn, error.",
                   false, "info",
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     if (!parseLogLevel(v)) return "must be one of debug, info, warn, error";
                     s.logLevel = v;
                     return std::nullopt;
                   }});
  specs.push_back({"collector.vmstat.fields",
                   "Regexp (ECMAScript) of fields to return for the vmstat collector.", false,
                   kDefaultVmstatFields,
                   [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     try {
                       std::regex check(v, std::regex::ECMAScript);
                     } catch (const std::regex_error& e) {
                       return std::string("invalid regular expression: ") + e.what();
                     }
                     s.collectors.vmstatFields = v;
                     return std::nullopt;
                   }});
  for (const CollectorDescription& collector : knownCollectors()) {
    std::string name(collector.name);
    specs.push_back({"collector." + name,
                     "Enable the " + name + " collector: " + std::string(collector.help), true,
                     collector.enabledByDefault ? "true" : "false",
                     [name](Settings& s, const std::string& v) -> std::optional<std::string> {
                       std::optional<bool> enabled = parseBool(v);
                       if (!enabled) return "must be true or false";
                       s.collectors.enabled[name] = *enabled;
                       return std::nullopt;
                     }});
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
  }
  return std::nullopt;
}

}  // namespace

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

}  // namespace memwatch
