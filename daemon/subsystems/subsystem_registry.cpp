#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {

const std::vector<SubsystemDescription>& subsystemDescriptions() {
  static const std::vector<SubsystemDescription> descriptions = {
      procfsSubsystem(),
      oomSubsystem(),
      journalSubsystem(),
  };
  return descriptions;
}

Subsystems::Subsystems(const Settings& settings, const SubsystemContext& context) {
  for (const SubsystemDescription& description : subsystemDescriptions()) {
    running_.emplace_back(&description, description.create(settings, context));
  }
}

std::unique_ptr<CollectorSet> Subsystems::collectors(const Settings& settings) {
  std::vector<std::unique_ptr<Collector>> collectors;
  for (auto& [description, subsystem] : running_) {
    for (const CollectorSwitch& collector : description->switches) {
      if (settings.isEnabled(collector.name, collector.enabledByDefault)) {
        collectors.push_back(subsystem->makeCollector(collector.name, settings));
      }
    }
  }
  return std::make_unique<CollectorSet>(std::move(collectors));
}

void Subsystems::startSources(const Settings& settings) {
  for (auto& [description, subsystem] : running_) {
    for (const CollectorSwitch& collector : description->switches) {
      if (settings.isEnabled(collector.name, collector.enabledByDefault)) {
        subsystem->startSource(settings);
        break;
      }
    }
  }
}

std::vector<JsonRoute> Subsystems::routes() const {
  std::vector<JsonRoute> routes;
  for (const auto& [description, subsystem] : running_) {
    for (JsonRoute& route : subsystem->routes()) routes.push_back(std::move(route));
  }
  return routes;
}

void Subsystems::stop() { running_.clear(); }

}  // namespace memwatch
