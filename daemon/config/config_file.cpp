// The config file through yaml-cpp: nested maps flattened into dotted keys, NAME.enabled read as
// the switch NAME, a list key's sequence read item by item, and unknown or repeated keys rejected
// with file:line.
#include "daemon/config/config_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "collectors/base/whole_file.h"

namespace memwatch {
namespace {

constexpr std::string_view kEnabledSuffix = ".enabled";
// Deeper than any key (collector.<name>.enabled has three parts): a mapping that holds an alias
// of itself (`web: &x {c: *x}`) nests without end and would overflow the stack.
constexpr std::size_t kMaxNesting = 8;

std::string where(const std::string& fileName, const YAML::Mark& mark) {
  return fileName + ":" + std::to_string(mark.line + 1);
}

// The switch of `collector.<name>` written as `collector.<name>.enabled`.
std::string canonicalKey(std::string key, const OptionTable& table) {
  if (key.size() > kEnabledSuffix.size() && key.ends_with(kEnabledSuffix)) {
    std::string base = key.substr(0, key.size() - kEnabledSuffix.size());
    const OptionSpec* spec = findOption(table, base);
    if (spec != nullptr && spec->isSwitch) return base;
  }
  return key;
}

// `lists` maps each list key given so far to where: a list is one sequence (or one value), and
// given twice it is refused like any other key.
std::optional<Error> flatten(const YAML::Node& node, const std::string& prefix,
                             const std::string& fileName, const OptionTable& table,
                             std::vector<OptionValue>& out,
                             std::map<std::string, std::string>& lists) {
  for (const auto& entry : node) {
    const YAML::Node& keyNode = entry.first;
    const YAML::Node& valueNode = entry.second;
    if (!keyNode.IsScalar()) {
      return Error{.message = where(fileName, keyNode.Mark()) + ": keys must be plain names"};
    }
    std::string key = prefix.empty() ? keyNode.Scalar() : prefix + "." + keyNode.Scalar();
    if (valueNode.IsMap()) {
      if (static_cast<std::size_t>(std::count(key.begin(), key.end(), '.')) >= kMaxNesting) {
        return Error{.message = where(fileName, keyNode.Mark()) + ": '" + key.substr(0, 64) +
                                "...' is nested too deep"};
      }
      if (auto error = flatten(valueNode, key, fileName, table, out, lists)) return error;
      continue;
    }
    std::string canonical = canonicalKey(key, table);
    const std::string location = where(fileName, keyNode.Mark());
    const OptionSpec* spec = findOption(table, canonical);
    if (spec == nullptr) {
      return Error{.message = location + ": unknown key '" + key + "'"};
    }
    if (spec->isList()) {
      auto [first, inserted] = lists.try_emplace(canonical, location);
      if (!inserted) {
        return Error{.message = location + ": key '" + canonical + "' given again (first at " +
                                first->second + ")"};
      }
    }
    if (spec->isList() && valueNode.IsSequence()) {
      // An empty sequence is one empty item: the list is given, and empty.
      if (valueNode.size() == 0) out.push_back(OptionValue{canonical, "", location});
      for (const YAML::Node& item : valueNode) {
        if (!item.IsScalar()) {
          return Error{.message = where(fileName, item.Mark()) + ": each item of '" + key +
                                  "' must be a single value"};
        }
        out.push_back(OptionValue{canonical, item.Scalar(), where(fileName, item.Mark())});
      }
      continue;
    }
    if (!valueNode.IsScalar()) {
      return Error{.message = location + ": key '" + key + "' needs a single value"};
    }
    out.push_back(OptionValue{canonical, valueNode.Scalar(), location});
  }
  return std::nullopt;
}

}  // namespace

Expected<std::vector<OptionValue>> parseConfigText(std::string_view text,
                                                   const std::string& fileName,
                                                   const OptionTable& table) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error{.message = where(fileName, e.mark) + ": invalid YAML: " + e.msg};
  }
  std::vector<OptionValue> values;
  if (root.IsNull()) return values;  // An empty file configures nothing.
  if (!root.IsMap()) {
    return Error{.message = where(fileName, root.Mark()) + ": expected a mapping of keys"};
  }
  try {
    std::map<std::string, std::string> lists;
    if (auto error = flatten(root, "", fileName, table, values, lists)) return *error;
  } catch (const YAML::Exception& e) {
    return Error{.message = where(fileName, e.mark) + ": " + e.msg};
  }
  // YAML lets a mapping name a key twice and yaml-cpp keeps both; which one would win is not
  // something an operator should have to guess (`collector.meminfo.enabled` and
  // `collector: {meminfo: ...}` are one key, too).
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (values[i].key == values[j].key && !findOption(table, values[i].key)->isList()) {
        return Error{.message = values[i].origin + ": key '" + values[i].key +
                                "' given again (first at " + values[j].origin + ")"};
      }
    }
  }
  return values;
}

Expected<std::vector<OptionValue>> loadConfigFile(const std::filesystem::path& path,
                                                  const OptionTable& table) {
  Expected<std::string> text = readWholeFile(path);
  if (!text) return Error{.message = "cannot load config file: " + text.error().message};
  return parseConfigText(text.value(), path.string(), table);
}

}  // namespace memwatch
