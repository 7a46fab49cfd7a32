// memwatch_config_template: writes the package's /etc/memwatch/memwatchd.yml from memwatchd's
// option table, every option at its default and commented out, with its --help text. Run at build
// time, so an option added to the table is in the shipped file without anyone editing it.
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/process/option_table.h"
#include "packaging/option_tree.h"

namespace {

using memwatch::OptionNode;
using memwatch::OptionSpec;

constexpr std::size_t kWidth = 96;

constexpr std::string_view kHeader =
    R"(# /etc/memwatch/memwatchd.yml: memwatchd's configuration, read at start and again on
# `systemctl reload memwatchd` (SIGHUP). Keys mirror the flags of `memwatchd --help` and
# memwatchd(8): --web.listen-address is `listen-address` under `web:`, a collector's switch is
# `enabled` under its name (or the name itself: `meminfo: false`). Flags win over this file:
# ARGS in /etc/default/memwatchd are added to the unit's command line.
#
# Every option is listed at its default, commented out, so a new version's defaults apply until
# you choose otherwise. To set one, remove the "# " before it and before its section lines.
# A mistake (an unknown key, a bad value, a key given twice) names the file, line and key: at
# start memwatchd refuses to run, on reload it keeps the running configuration and says why in
# `systemctl status memwatchd`.
#
# Generated from memwatchd's option table when memwatch was built.
)";

// Plain when YAML reads it back as the same text, double-quoted otherwise.
std::string yamlScalar(std::string_view value) {
  bool plain = !value.empty();
  for (char c : value) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '/' || c == '-';
    if (!safe) plain = false;
  }
  if (plain && value.front() != '-') return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// `text` as comment lines at `indent`, wrapped at kWidth.
void writeHelp(std::ostream& out, const std::string& indent, std::string_view text) {
  const std::string prefix = "# " + indent + "# ";
  std::string line;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (!line.empty() && prefix.size() + line.size() + 1 + word.size() > kWidth) {
      out << prefix << line << "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) out << prefix << line << "\n";
}

void writeOption(std::ostream& out, const std::string& indent, const std::string& name,
                 const OptionSpec& spec) {
  std::string help = spec.help;
  if (spec.isList()) help += " A sequence; [] for none.";
  if (!spec.appliesOnReload) help += " Changes only on restart.";
  writeHelp(out, indent, help);
  if (spec.isSwitch) {
    out << "# " << indent << name << ": " << spec.defaultText << "\n";
  } else if (spec.isList()) {
    const std::vector<std::string> items = memwatch::defaultListItems(spec.defaultText);
    out << "# " << indent << name << ":" << (items.empty() ? " []" : "") << "\n";
    for (const std::string& item : items) {
      out << "# " << indent << "  - " << yamlScalar(item) << "\n";
    }
  } else {
    out << "# " << indent << name << ": " << yamlScalar(spec.defaultText) << "\n";
  }
}

void writeNode(std::ostream& out, const std::string& indent, const OptionNode& node) {
  for (const auto& [name, child] : node.children) {
    if (child->children.empty()) {
      writeOption(out, indent, name, *child->option);
      continue;
    }
    if (indent.empty()) out << "\n";
    out << "# " << indent << name << ":\n";
    const std::string inner = indent + "  ";
    // A switch with options of its own, e.g. collector.vmstat and collector.vmstat.fields.
    if (child->option != nullptr) writeOption(out, inner, "enabled", *child->option);
    writeNode(out, inner, *child);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: memwatch_config_template OUTPUT.yml\n";
    return 2;
  }
  std::ofstream out(argv[1]);
  out << kHeader;
  writeNode(out, "", memwatch::optionTree(memwatch::optionTable()));
  out.close();
  if (!out) {
    std::cerr << "memwatch_config_template: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
