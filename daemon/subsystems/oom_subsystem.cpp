// OOM kills: the kernel log follower, the oom collector, /api/v1/oom-kills, and the count of
// userspace killers' kills.
#include "collectors/oom/kmsg_follower.h"
#include "collectors/oom/oom_collector.h"
#include "collectors/oom/oom_stats.h"
#include "daemon/config/option_values.h"
#include "daemon/http/api_json.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {
namespace {

// Counts the kills of userspace killers, which other sources publish (the D-Bus watch of
// systemd-oomd, the journal reader for earlyoom and PID 1), with the kernel's.
class UserspaceKillCounter : public EventSink {
 public:
  explicit UserspaceKillCounter(std::shared_ptr<OomStats> stats) : stats_(std::move(stats)) {}
  std::string_view name() const override { return "userspace OOM kill counter"; }
  bool wantsUnannounced() const override { return true; }
  void deliver(const Event& event) override {
    const auto* kill = std::get_if<OomKill>(&event.what);
    if (kill != nullptr && kill->killer != "kernel") stats_->recordUserspace(*kill);
  }

 private:
  const std::shared_ptr<OomStats> stats_;
};

class OomSubsystem : public Subsystem {
 public:
  OomSubsystem(const Settings& settings, const SubsystemContext& context)
      : context_(context), stats_(std::make_shared<OomStats>(settings.oom.unitSeries)) {}

  std::unique_ptr<Collector> makeCollector(std::string_view, const Settings& settings) override {
    return std::make_unique<OomCollector>(settings.procfs, stats_);
  }

  void startSource(const Settings& settings) override {
    if (!follower_) {
      follower_ =
          std::make_unique<KmsgFollower>(context_.loop, settings.oom.kmsg, stats_, context_.events);
    }
  }

  std::vector<JsonRoute> routes() const override {
    return {{"/api/v1/oom-kills",
             [recent = context_.recentEvents] { return oomKillsJson(recent->oomKills()); }}};
  }

  std::vector<std::shared_ptr<EventSink>> sinks() override {
    return {std::make_shared<UserspaceKillCounter>(stats_)};
  }

 private:
  const SubsystemContext context_;
  const std::shared_ptr<OomStats> stats_;
  std::unique_ptr<KmsgFollower> follower_;
};

}  // namespace

SubsystemDescription oomSubsystem() {
  return {
      .name = "oom",
      .switches = {{"oom", true,
                    "OOM kills from the kernel log, with their victims (memwatch_oom_*)."}},
      .options =
          {
              {.key = "path.kmsg",
               .help = "Kernel log to follow for OOM kills: /dev/kmsg, or a regular file of "
                       "records in its format, one per line, read once (to replay a captured "
                       "log).",
               .defaultText = "/dev/kmsg",
               .appliesOnReload = false,
               .apply = [](Settings& s,
                           const std::string& v) { return setNonEmptyPath(s.oom.kmsg, v); }},
              {.key = "collector.oom.units",
               .help = "Systemd units that get their own memwatch_oom_kills_by_unit_total "
                       "series, the ones with the most kills; kills in further units count under "
                       "unit=\"other\".",
               .defaultText = "20",
               .appliesOnReload = false,
               .apply =
                   [](Settings& s, const std::string& v) {
                     return setWholeNumber(s.oom.unitSeries, v, 0, 1000);
                   }},
          },
      .create = [](const Settings& settings,
                   const SubsystemContext& context) -> std::unique_ptr<Subsystem> {
        return std::make_unique<OomSubsystem>(settings, context);
      }};
}

}  // namespace memwatch
