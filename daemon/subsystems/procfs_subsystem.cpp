// The /proc collectors read when Prometheus scrapes: meminfo, vmstat, pressure, buddyinfo.
#include <unistd.h>

#include "collectors/procfs/buddyinfo_collector.h"
#include "collectors/procfs/meminfo_collector.h"
#include "collectors/procfs/pressure_collector.h"
#include "collectors/procfs/vmstat_collector.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {
namespace {

struct ProcfsCollector {
  CollectorSwitch collectorSwitch;
  std::unique_ptr<Collector> (*make)(const Settings&);
};

const ProcfsCollector kCollectors[] = {
    {{"meminfo", true, "Memory statistics from /proc/meminfo (node_memory_*)."},
     [](const Settings& s) -> std::unique_ptr<Collector> {
       return std::make_unique<MeminfoCollector>(s.procfs);
     }},
    {{"vmstat", true, "Virtual memory counters from /proc/vmstat (node_vmstat_*)."},
     [](const Settings& s) -> std::unique_ptr<Collector> {
       return std::make_unique<VmstatCollector>(s.procfs, s.vmstatFields.regex);
     }},
    {{"pressure", true, "Pressure stall information from /proc/pressure (node_pressure_*)."},
     [](const Settings& s) -> std::unique_ptr<Collector> {
       return std::make_unique<PressureCollector>(s.procfs);
     }},
    {{"buddyinfo", true,
      "Free lists and fragmentation from /proc/buddyinfo (node_buddyinfo_blocks, memwatch_*)."},
     [](const Settings& s) -> std::unique_ptr<Collector> {
       return std::make_unique<BuddyinfoCollector>(
           s.procfs, static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)));
     }},
};

// Stateless: each collector reads its file at every scrape.
class ProcfsSubsystem : public Subsystem {
 public:
  std::unique_ptr<Collector> makeCollector(std::string_view name,
                                           const Settings& settings) override {
    for (const ProcfsCollector& collector : kCollectors) {
      if (collector.collectorSwitch.name == name) return collector.make(settings);
    }
    return nullptr;  // not one of its switches: the registry never asks for those
  }
};

}  // namespace

SubsystemDescription procfsSubsystem() {
  std::vector<CollectorSwitch> switches;
  for (const ProcfsCollector& collector : kCollectors)
    switches.push_back(collector.collectorSwitch);
  return {
      .name = "procfs",
      .switches = std::move(switches),
      .options = {{.key = "collector.vmstat.fields",
                   .help = "Regexp (ECMAScript) of fields to return for the vmstat collector.",
                   .defaultText = kDefaultVmstatFields,
                   .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
                     Expected<VmstatFieldFilter> filter = compileVmstatFieldFilter(v);
                     if (!filter) return filter.error().message;
                     s.vmstatFields = std::move(filter).value();
                     return std::nullopt;
                   }}},
      .create = [](const Settings&, const SubsystemContext&) -> std::unique_ptr<Subsystem> {
        return std::make_unique<ProcfsSubsystem>();
      }};
}

}  // namespace memwatch
