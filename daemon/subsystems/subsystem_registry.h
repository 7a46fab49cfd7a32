#pragma once

// The one list of memwatchd's subsystems, and the running set made from it.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "collectors/core/collector_set.h"
#include "daemon/subsystems/subsystem.h"

namespace memwatch {

// Every subsystem, in scrape order: a new one is one file declaring it and one line here.
const std::vector<SubsystemDescription>& subsystemDescriptions();

// The subsystems' options, and a --[no-]collector.<name> switch for each of their collectors,
// for the option table.
std::vector<OptionSpec> subsystemOptions();
std::vector<OptionSpec> collectorSwitches();

// The subsystems of one run of the daemon.
class Subsystems {
 public:
  Subsystems(const Settings& settings, const SubsystemContext& context);

  // The enabled collectors, in scrape order, then `others` (the daemon's own, e.g. the alert
  // sinks' counters).
  std::unique_ptr<CollectorSet> collectors(const Settings& settings,
                                           std::vector<std::unique_ptr<Collector>> others = {});
  // Starts the sources of the subsystems with a switch on (see Subsystem::startSource).
  void startSources(const Settings& settings);
  std::vector<JsonRoute> routes() const;
  std::vector<std::shared_ptr<EventSink>> sinks() const;
  // Stops every source (the journal reader saves its position).
  void stop();

 private:
  std::vector<std::pair<const SubsystemDescription*, std::unique_ptr<Subsystem>>> running_;
};

// Declared in their own files.
SubsystemDescription procfsSubsystem();
SubsystemDescription oomSubsystem();
SubsystemDescription journalSubsystem();

}  // namespace memwatch
