// The subsystem registry: procfs, oom and journal, their options and collector switches, and the
// running set that builds collectors, starts sources and gathers routes.
#include "daemon/subsystems/subsystem_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "daemon/config/option_values.h"

namespace memwatch {
namespace {

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

}  // namespace

const std::vector<SubsystemDescription>& subsystemDescriptions() {
  static const std::vector<SubsystemDescription> descriptions = {
      procfsSubsystem(),
      oomSubsystem(),
      journalSubsystem(),
  };
  return descriptions;
}

std::vector<OptionSpec> subsystemOptions() {
  std::vector<OptionSpec> options;
  for (const SubsystemDescription& subsystem : subsystemDescriptions()) {
    options.insert(options.end(), subsystem.options.begin(), subsystem.options.end());
  }
  return options;
}

std::vector<OptionSpec> collectorSwitches() {
  std::vector<OptionSpec> switches;
  for (const SubsystemDescription& subsystem : subsystemDescriptions()) {
    for (const CollectorSwitch& collector : subsystem.switches) {
      switches.push_back(switchFor(collector));
    }
  }
  return switches;
}

Subsystems::Subsystems(const Settings& settings, const SubsystemContext& context) {
  for (const SubsystemDescription& description : subsystemDescriptions()) {
    running_.emplace_back(&description, description.create(settings, context));
  }
}

std::unique_ptr<CollectorSet> Subsystems::collectors(
    const Settings& settings, std::vector<std::unique_ptr<Collector>> others) {
  std::vector<std::unique_ptr<Collector>> collectors;
  for (auto& [description, subsystem] : running_) {
    for (const CollectorSwitch& collector : description->switches) {
      if (!settings.isEnabled(collector.name)) continue;
      if (std::unique_ptr<Collector> made = subsystem->makeCollector(collector.name, settings)) {
        collectors.push_back(std::move(made));
      } else {
        spdlog::error("subsystem {} has no collector {}", description->name, collector.name);
      }
    }
  }
  for (std::unique_ptr<Collector>& other : others) collectors.push_back(std::move(other));
  return std::make_unique<CollectorSet>(std::move(collectors));
}

void Subsystems::startSources(const Settings& settings) {
  const auto enabled = [&settings](const CollectorSwitch& c) { return settings.isEnabled(c.name); };
  for (auto& [description, subsystem] : running_) {
    if (std::ranges::any_of(description->switches, enabled)) subsystem->startSource(settings);
  }
}

std::vector<JsonRoute> Subsystems::routes() const {
  std::vector<JsonRoute> routes;
  for (const auto& [description, subsystem] : running_) {
    for (JsonRoute& route : subsystem->routes()) routes.push_back(std::move(route));
  }
  return routes;
}

std::vector<std::shared_ptr<EventSink>> Subsystems::sinks() const {
  std::vector<std::shared_ptr<EventSink>> sinks;
  for (const auto& [description, subsystem] : running_) {
    for (std::shared_ptr<EventSink>& sink : subsystem->sinks()) sinks.push_back(std::move(sink));
  }
  return sinks;
}

void Subsystems::stop() { running_.clear(); }

}  // namespace memwatch
