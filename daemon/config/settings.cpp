// Settings from defaults, then the config file, then flags; a reload takes only the options that
// apply on reload and lists the changed ones that do not.
#include "daemon/config/settings.h"

#include "daemon/config/config_file.h"

namespace memwatch {
namespace {

std::optional<Error> apply(const OptionTable& table, Settings& settings, const OptionValue& value) {
  const OptionSpec* spec = findOption(table, value.key);
  if (spec == nullptr) {
    return Error{.message = value.origin + ": unknown key '" + value.key + "'"};
  }
  if (std::optional<std::string> why = spec->apply(settings, value.value)) {
    return Error{.message = value.origin + ": invalid value '" + value.value + "' for " +
                            value.key + ": " + *why};
  }
  return std::nullopt;
}

std::optional<Error> applyAll(const OptionTable& table, Settings& settings,
                              const std::vector<OptionValue>& values) {
  for (const OptionValue& value : values) {
    if (auto error = apply(table, settings, value)) return error;
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

bool Settings::isEnabled(std::string_view collector) const {
  auto it = enabled.find(collector);
  return it != enabled.end() && it->second;
}

const OptionSpec* findOption(const OptionTable& table, std::string_view key) {
  for (const OptionSpec& spec : table) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

Expected<Settings> resolveSettings(const OptionTable& table,
                                   const std::vector<OptionValue>& fromConfigFile,
                                   const std::vector<OptionValue>& fromFlags) {
  Settings settings;
  for (const OptionSpec& spec : table) {
    const OptionValue defaultValue{spec.key, spec.defaultText, "the default of " + spec.key};
    if (auto error = apply(table, settings, defaultValue)) return *error;
  }
  if (auto error = applyAll(table, settings, fromConfigFile)) return *error;
  if (auto error = applyAll(table, settings, fromFlags)) return *error;
  return settings;
}

Expected<Settings> loadSettings(const OptionTable& table,
                                const std::optional<std::filesystem::path>& configFile,
                                const std::vector<OptionValue>& fromFlags) {
  std::vector<OptionValue> fromConfigFile;
  if (configFile) {
    Expected<std::vector<OptionValue>> loaded = loadConfigFile(*configFile, table);
    if (!loaded) return loaded.error();
    fromConfigFile = std::move(loaded).value();
  }
  return resolveSettings(table, fromConfigFile, fromFlags);
}

Expected<Settings> settingsForReload(const OptionTable& table, const Settings& running,
                                     const Settings& loaded, std::vector<std::string>& unchanged) {
  std::vector<OptionValue> values;
  for (const OptionValue& value : loaded.values) {
    if (findOption(table, value.key)->appliesOnReload) values.push_back(value);
  }
  for (const OptionValue& value : running.values) {
    if (!findOption(table, value.key)->appliesOnReload) values.push_back(value);
  }
  for (const OptionSpec& spec : table) {
    if (!spec.appliesOnReload && effectiveValue(running, spec) != effectiveValue(loaded, spec)) {
      unchanged.push_back(spec.key);
    }
  }
  return resolveSettings(table, {}, values);
}

}  // namespace memwatch
