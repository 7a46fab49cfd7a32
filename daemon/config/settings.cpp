// Settings from defaults, then the config file, then flags; a reload takes only the options that
// apply on reload and lists the changed ones that do not.
#include "daemon/config/settings.h"

#include <algorithm>

#include "daemon/config/config_file.h"

namespace memwatch {
namespace {

std::optional<Error> apply(const OptionTable& table, Settings& settings, const OptionValue& value) {
  const OptionSpec* spec = findOption(table, value.key);
  if (spec == nullptr) {
    return Error{.message = value.origin + ": unknown key '" + value.key + "'"};
  }
  if (spec->isList() && value.value.empty()) return std::nullopt;  // the list given as empty
  if (std::optional<std::string> why = spec->apply(settings, value.value)) {
    return Error{.message = value.origin + ": invalid value '" + value.value + "' for " +
                            value.key + ": " + *why};
  }
  return std::nullopt;
}

// One source's values (the config file, the flags): a list it gives replaces the list so far,
// in the settings and in the values recorded.
std::optional<Error> applyAll(const OptionTable& table, Settings& settings,
                              const std::vector<OptionValue>& values) {
  for (const OptionSpec& spec : table) {
    if (!spec.isList()) continue;
    const bool given = std::any_of(values.begin(), values.end(),
                                   [&](const OptionValue& value) { return value.key == spec.key; });
    if (!given) continue;
    spec.clear(settings);
    std::erase_if(settings.values, [&](const OptionValue& value) { return value.key == spec.key; });
  }
  for (const OptionValue& value : values) {
    if (auto error = apply(table, settings, value)) return error;
    settings.values.push_back(value);
  }
  return std::nullopt;
}

// The value in force for a key: the last one given, else its default; a list's items joined.
std::string effectiveValue(const Settings& settings, const OptionSpec& spec) {
  std::optional<std::string> value;  // an empty value given is not the default
  for (const OptionValue& given : settings.values) {
    if (given.key != spec.key) continue;
    value = spec.isList() && value && !value->empty() ? *value + ", " + given.value : given.value;
  }
  return value.value_or(spec.defaultText);
}

// A list's default items, from its defaultText.
std::vector<std::string> defaultItems(const OptionSpec& spec) {
  std::vector<std::string> items;
  std::string_view rest = spec.defaultText;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(", ");
    items.emplace_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
  }
  return items;
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
    const std::string origin = "the default of " + spec.key;
    if (spec.isList()) {
      spec.clear(settings);
      for (const std::string& item : defaultItems(spec)) {
        if (auto error = apply(table, settings, OptionValue{spec.key, item, origin})) return *error;
      }
      continue;
    }
    if (auto error = apply(table, settings, OptionValue{spec.key, spec.defaultText, origin})) {
      return *error;
    }
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
