// The /proc collectors read when Prometheus scrapes: meminfo, vmstat, pressure, buddyinfo; and
// the kernel's PSI triggers, on the event loop while the pressure collector is on, with
// /api/v1/pressure/triggers.
#include <unistd.h>

#include <algorithm>

#include "collectors/procfs/buddyinfo_collector.h"
#include "collectors/procfs/meminfo_collector.h"
#include "collectors/procfs/pressure_collector.h"
#include "collectors/procfs/pressure_trigger_watcher.h"
#include "collectors/procfs/vmstat_collector.h"
#include "daemon/config/option_values.h"
#include "daemon/http/api_json.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {
namespace {

using TriggerStats = std::shared_ptr<const PressureTriggerStats>;

struct ProcfsCollector {
  CollectorSwitch collectorSwitch;
  std::unique_ptr<Collector> (*make)(const Settings&, const TriggerStats&);
};

const ProcfsCollector kCollectors[] = {
    {{"meminfo", true, "Memory statistics from /proc/meminfo (node_memory_*)."},
     [](const Settings& s, const TriggerStats&) -> std::unique_ptr<Collector> {
       return std::make_unique<MeminfoCollector>(s.procfs);
     }},
    {{"vmstat", true, "Virtual memory counters from /proc/vmstat (node_vmstat_*)."},
     [](const Settings& s, const TriggerStats&) -> std::unique_ptr<Collector> {
       return std::make_unique<VmstatCollector>(s.procfs, s.vmstatFields.regex);
     }},
    {{"pressure", true, "Pressure stall information from /proc/pressure (node_pressure_*)."},
     [](const Settings& s, const TriggerStats& triggers) -> std::unique_ptr<Collector> {
       return std::make_unique<PressureCollector>(s.procfs, triggers);
     }},
    {{"buddyinfo", true,
      "Free lists and fragmentation from /proc/buddyinfo (node_buddyinfo_blocks, memwatch_*)."},
     [](const Settings& s, const TriggerStats&) -> std::unique_ptr<Collector> {
       return std::make_unique<BuddyinfoCollector>(
           s.procfs, static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE)));
     }},
};

// Each collector reads its file at every scrape; the PSI triggers' counts live here, for the
// life of the process.
class ProcfsSubsystem : public Subsystem {
 public:
  explicit ProcfsSubsystem(const SubsystemContext& context) : context_(context) {}

  std::unique_ptr<Collector> makeCollector(std::string_view name,
                                           const Settings& settings) override {
    for (const ProcfsCollector& collector : kCollectors) {
      if (collector.collectorSwitch.name == name) return collector.make(settings, triggerStats_);
    }
    return nullptr;  // not one of its switches: the registry never asks for those
  }

  // Called again after each reload: the triggers are set once, when the pressure collector is
  // first on, and stay (their options apply on restart only).
  void startSource(const Settings& settings) override {
    if (triggers_ || !settings.isEnabled("pressure")) return;
    if (settings.pressureTriggers.triggers.empty()) return;
    triggers_ = std::make_unique<PressureTriggerWatcher>(
        context_.loop, settings.procfs, settings.pressureTriggers, triggerStats_, context_.events);
  }

  std::vector<JsonRoute> routes() const override {
    return {{"/api/v1/pressure/triggers", [recent = context_.recentEvents] {
               return pressureTriggersJson(recent->pressureTriggers());
             }}};
  }

 private:
  const SubsystemContext context_;
  const std::shared_ptr<PressureTriggerStats> triggerStats_ =
      std::make_shared<PressureTriggerStats>();
  std::unique_ptr<PressureTriggerWatcher> triggers_;
};

// --pressure.trigger: one trigger, parsed, and never the same one twice (its series would be
// duplicated, and the kernel would fire both at once).
std::optional<std::string> addTrigger(Settings& s, const std::string& value) {
  Expected<PressureTriggerSpec> spec = parsePressureTriggerSpec(value);
  if (!spec) return spec.error().message;
  std::vector<PressureTriggerSpec>& triggers = s.pressureTriggers.triggers;
  if (std::ranges::find(triggers, spec.value()) != triggers.end()) return "given twice";
  triggers.push_back(std::move(spec).value());
  return std::nullopt;
}

}  // namespace

SubsystemDescription procfsSubsystem() {
  std::vector<CollectorSwitch> switches;
  for (const ProcfsCollector& collector : kCollectors)
    switches.push_back(collector.collectorSwitch);
  return {
      .name = "procfs",
      .switches = std::move(switches),
      .options =
          {
              {.key = "collector.vmstat.fields",
               .help = "Regexp (ECMAScript) of fields to return for the vmstat collector.",
               .defaultText = kDefaultVmstatFields,
               .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
                 Expected<VmstatFieldFilter> filter = compileVmstatFieldFilter(v);
                 if (!filter) return filter.error().message;
                 s.vmstatFields = std::move(filter).value();
                 return std::nullopt;
               }},
              {.key = "pressure.trigger",
               .help = "Kernel PSI trigger, 'RESOURCE KIND STALL_US WINDOW_US' (resource memory, "
                       "cpu or io; kind some or full; a window of 500000 to 10000000 us): a "
                       "pressure event when tasks stalled that long within the window; '' (or [] "
                       "in the file) for none. Set while the pressure collector is on.",
               // low-memory-monitor's shares of stall (7 %, 10 % some; 10 % full) over 2 s
               // windows, the shortest the kernel lets a process without CAP_SYS_RESOURCE set.
               .defaultText = "memory some 140000 2000000, memory some 200000 2000000, "
                              "memory full 200000 2000000",
               .appliesOnReload = false,
               .apply = addTrigger,
               .clear = [](Settings& s) { s.pressureTriggers.triggers.clear(); }},
              {.key = "pressure.trigger-interval",
               .help = "At most one pressure event per resource and kind in this time (0s to 1h); "
                       "firings "
                       "in between are counted as suppressed.",
               .defaultText = "15s",
               .appliesOnReload = false,
               .apply =
                   [](Settings& s, const std::string& v) {
                     return setDuration(s.pressureTriggers.interval, v,
                                        std::chrono::milliseconds(0), std::chrono::hours(1));
                   }},
              {.key = "pressure.trigger-quiet-available",
               .help = "No event from a memory trigger while MemAvailable is at least this "
                       "percentage of MemTotal (1-100; 100 turns the rule off).",
               .defaultText = "50",
               .appliesOnReload = false,
               .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
                 std::size_t percent = 0;
                 if (auto why = setWholeNumber(percent, v, 1, 100)) return why;
                 s.pressureTriggers.quietAvailablePercent = static_cast<unsigned>(percent);
                 return std::nullopt;
               }},
          },
      .create = [](const Settings&, const SubsystemContext& context) -> std::unique_ptr<Subsystem> {
        return std::make_unique<ProcfsSubsystem>(context);
      }};
}

}  // namespace memwatch
