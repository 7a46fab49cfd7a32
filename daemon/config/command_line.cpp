// parseCommandLine(): a CLI11 option per table entry, --no- forms for switches, and only the
// flags given kept, each with "flag --key" as its origin.
#include "daemon/config/command_line.h"

#include <CLI/CLI.hpp>
#include <deque>
#include <iostream>

#include "collectors/base/build_info.h"

namespace memwatch {

std::variant<CommandLine, int> parseCommandLine(int argc, const char* const* argv,
                                                const OptionTable& table) {
  CLI::App app{"memwatchd: a Prometheus exporter for Linux memory, OOM kills and the journal.",
               "memwatchd"};
  app.set_version_flag("--version", std::string(versionText()));
  app.get_formatter()->column_width(34);

  std::string configFile;
  app.add_option("--config.file", configFile,
                 "YAML configuration file with the same keys as the flags; flags win.");

  // Stable addresses for CLI11 to write into: a deque never moves its elements.
  std::deque<std::string> textValues;
  std::deque<bool> switchValues;
  std::deque<std::vector<std::string>> listValues;
  std::vector<std::pair<const OptionSpec*, CLI::Option*>> options;
  for (const OptionSpec& spec : table) {
    CLI::Option* option = nullptr;
    if (spec.isSwitch) {
      bool& value = switchValues.emplace_back(false);
      option = app.add_flag("--" + spec.key + ",!--no-" + spec.key, value, spec.help);
    } else if (spec.isList()) {
      std::vector<std::string>& items = listValues.emplace_back();
      option = app.add_option("--" + spec.key, items, spec.help + " Repeat for more.")
                   ->expected(1)
                   ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    } else {
      std::string& value = textValues.emplace_back();
      option = app.add_option("--" + spec.key, value, spec.help);
    }
    option->default_str(spec.defaultText);
    options.emplace_back(&spec, option);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << versionText() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "memwatchd: error: " << e.what() << "\nRun with --help for the flags.\n";
    return 2;
  }

  CommandLine result;
  if (!configFile.empty()) result.configFile = configFile;
  for (const auto& [spec, option] : options) {
    if (option->count() == 0) continue;
    if (spec->isList()) {
      for (const std::string& item : option->as<std::vector<std::string>>()) {
        result.flags.push_back(OptionValue{spec->key, item, "flag --" + spec->key});
      }
      continue;
    }
    std::string value;
    if (spec->isSwitch) {
      value = option->as<bool>() ? "true" : "false";
    } else {
      value = option->as<std::string>();
    }
    result.flags.push_back(OptionValue{spec->key, value, "flag --" + spec->key});
  }
  return result;
}

}  // namespace memwatch
