// AlertSinks: the command and Alertmanager sinks from the settings, and their collector.
#include "daemon/alerts/alert_sinks.h"

#include "daemon/alerts/alertmanager_sink.h"
#include "daemon/alerts/command_sink.h"

namespace memwatch {
namespace {

double seconds(std::chrono::milliseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

AlertSinks::AlertSinks(const AlertSettings& settings) {
  if (!settings.command.empty()) {
    auto sink = std::make_shared<CommandSink>(
        CommandSinkSettings{.path = settings.command,
                            .timeout = settings.commandTimeout,
                            .concurrency = settings.commandConcurrency,
                            .queue = settings.queue,
                            .instance = settings.instance});
    counters_.emplace_back("command", sink->counters());
    sinks_.push_back(std::move(sink));
  }
  if (!settings.alertmanagerUrls.empty()) {
    auto sink = std::make_shared<AlertmanagerSink>(AlertmanagerSinkSettings{
        .urls = settings.alertmanagerUrls,
        .table = {.instance = settings.instance,
                  .resendIntervalSeconds = seconds(settings.resendInterval),
                  .oomKillHoldSeconds = seconds(settings.oomKillHold),
                  .pressureHoldSeconds = seconds(settings.pressureHold),
                  .capacity = settings.queue}});
    counters_.emplace_back("alertmanager", sink->counters());
    sinks_.push_back(std::move(sink));
  }
}

std::unique_ptr<Collector> AlertSinks::makeCollector() const {
  if (counters_.empty()) return nullptr;
  return std::make_unique<AlertsCollector>(counters_);
}

}  // namespace memwatch
