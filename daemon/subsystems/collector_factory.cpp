#include "daemon/subsystems/collector_factory.h"

#include <unistd.h>

#include "collectors/journal/journal_collector.h"
#include "collectors/oom/oom_collector.h"
#include "collectors/procfs/buddyinfo_collector.h"
#include "collectors/procfs/meminfo_collector.h"
#include "collectors/procfs/pressure_collector.h"

namespace memwatch {
namespace {

constexpr CollectorDescription kCollectors[] = {
    {"meminfo", true, "Memory statistics from /proc/meminfo (node_memory_*)."},
    {"vmstat", true, "Virtual memory counters from /proc/vmstat (node_vmstat_*)."},
    {"pressure", true, "Pressure stall information from /proc/pressure (node_pressure_*)."},
    {"buddyinfo", true,
     "Free lists and fragmentation from /proc/buddyinfo (node_buddyinfo_blocks, memwatch_*)."},
    {"oom", true, "OOM kills from the kernel log, with their victims (memwatch_oom_*)."},
    {"journal", true,
     "Journal entries, bytes and floods per producer, suppressions and disk use "
     "(memwatch_journal_*)."},
};

}  // namespace

std::span<const CollectorDescription> knownCollectors() { return kCollectors; }

bool CollectorSettings::isEnabled(const CollectorDescription& description) const {
  auto it = enabled.find(description.name);
  return it == enabled.end() ? description.enabledByDefault : it->second;
}

Expected<std::unique_ptr<CollectorSet>> buildCollectorSet(const CollectorSettings& settings,
                                                          const EventSources& sources) {
  std::regex vmstatFilter;
  try {
    vmstatFilter = std::regex(settings.vmstatFields, std::regex::ECMAScript | std::regex::optimize);
  } catch (const std::regex_error& e) {
    return Error{.message = "collector.vmstat.fields: invalid regular expression " +
                            settings.vmstatFields + ": " + e.what()};
  }
  const auto pageSize = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));

  std::vector<std::unique_ptr<Collector>> collectors;
  for (const CollectorDescription& description : kCollectors) {
    if (!settings.isEnabled(description)) continue;
    if (description.name == "meminfo") {
      collectors.push_back(std::make_unique<MeminfoCollector>(settings.procfs));
    } else if (description.name == "vmstat") {
      collectors.push_back(std::make_unique<VmstatCollector>(settings.procfs, vmstatFilter));
    } else if (description.name == "pressure") {
      collectors.push_back(std::make_unique<PressureCollector>(settings.procfs));
    } else if (description.name == "buddyinfo") {
      collectors.push_back(std::make_unique<BuddyinfoCollector>(settings.procfs, pageSize));
    } else if (description.name == "oom" && sources.oomKills) {
      collectors.push_back(std::make_unique<OomCollector>(settings.procfs, sources.oomKills));
    } else if (description.name == "journal" && sources.journal) {
      collectors.push_back(std::make_unique<JournalCollector>(settings.procfs, sources.journal));
    }
  }
  return std::make_unique<CollectorSet>(std::move(collectors));
}

}  // namespace memwatch
