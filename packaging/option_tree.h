#pragma once

// memwatchd's option table as the YAML file nests it: what the shipped configuration file
// (config_template.cpp) and the configuration reference (configuration_reference.cpp) both walk.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/config/settings.h"

namespace memwatch {

// One level of the dotted keys: `collector.vmstat` is the node vmstat under collector, holding
// the switch itself (written `enabled` in the file) and the node fields.
struct OptionNode {
  const OptionSpec* option = nullptr;
  std::vector<std::pair<std::string, std::unique_ptr<OptionNode>>> children;

  OptionNode& child(const std::string& name);
};

// The table's keys as a tree, each level in the order its first key comes in the table.
OptionNode optionTree(const OptionTable& table);

// A list's default items: its defaultText holds them separated by ", " (daemon/config/settings.h).
std::vector<std::string> defaultListItems(std::string_view text);

}  // namespace memwatch
