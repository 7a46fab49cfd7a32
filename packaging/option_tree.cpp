// optionTree(): the dotted keys split at their dots into nested nodes.
#include "packaging/option_tree.h"

namespace memwatch {

OptionNode& OptionNode::child(const std::string& name) {
  for (auto& [childName, node] : children) {
    if (childName == name) return *node;
  }
  return *children.emplace_back(name, std::make_unique<OptionNode>()).second;
}

OptionNode optionTree(const OptionTable& table) {
  OptionNode root;
  for (const OptionSpec& spec : table) {
    OptionNode* node = &root;
    std::string_view rest = spec.key;
    while (!rest.empty()) {
      const std::size_t dot = rest.find('.');
      node = &node->child(std::string(rest.substr(0, dot)));
      rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    }
    node->option = &spec;
  }
  return root;
}

std::vector<std::string> defaultListItems(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    const std::size_t comma = text.find(", ");
    items.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 2);
  }
  return items;
}

}  // namespace memwatch
