#include "daemon/process/daemon.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>

#include <cstdint>

#include "collectors/base/wall_clock.h"
#include "collectors/journal/sigbus_guard.h"
#include "daemon/events/journal_record_sink.h"
#include "daemon/events/log_sink.h"
#include "daemon/events/queued_sink.h"
#include "daemon/http/api_json.h"
#include "daemon/process/build_info.h"
#include "daemon/process/logging.h"

namespace memwatch {
namespace {

bool sameJournalSettings(const JournalSettings& a, const JournalSettings& b) {
  auto overrides = [](const JournalSettings& j) {
    std::string text;
    for (const FloodOverride& o : j.overrides) {
      text += o.pattern + "=" + std::to_string(o.thresholds.entriesPerSecond) + "/" +
              std::to_string(o.thresholds.bytesPerSecond) + ",";
    }
    return text;
  };
  return a.nameSpace == b.nameSpace && a.directory == b.directory && a.stateFile == b.stateFile &&
         a.exported == b.exported && a.candidates == b.candidates &&
         a.floodWindowSeconds == b.floodWindowSeconds &&
         a.thresholds.entriesPerSecond == b.thresholds.entriesPerSecond &&
         a.thresholds.bytesPerSecond == b.thresholds.bytesPerSecond && a.ignored == b.ignored &&
         overrides(a) == overrides(b);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out.empty() ? "none" : out;
}

// Journal records of events waiting for a journald that is slow to take them; a full queue
// drops the oldest.
constexpr std::size_t kJournalRecordQueue = 256;

}  // namespace

Daemon::Daemon(CommandLine commandLine, Settings settings)
    : commandLine_(std::move(commandLine)), settings_(std::move(settings)) {}

Daemon::~Daemon() {
  http_.reset();
  sd_event_unref(event_);
}

int Daemon::run() {
  // Blocked before civetweb starts its threads, so they inherit the mask and the signals reach
  // the loop's signalfd instead of killing the process mid-scrape.
  sigset_t signals;
  sigemptyset(&signals);
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, signal);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  installSigbusGuard();  // before the journal reader maps its first file

  int r = sd_event_default(&event_);
  if (r < 0) {
    spdlog::critical("cannot create the event loop: {}", strerror(-r));
    return 1;
  }
  events_.addSink(std::make_shared<LogSink>());
  events_.addSink(
      std::make_shared<QueuedSink>(std::make_unique<JournalRecordSink>(), kJournalRecordQueue));
  events_.addSink(recentEvents_);
  oomKills_ = std::make_shared<OomStats>(settings_.collectors.oomUnitSeries);
  const JournalSettings& journal = settings_.collectors.journal;
  journal_ = std::make_shared<JournalStats>(JournalStatsSettings{
      .candidates = journal.candidates,
      .exported = journal.exported,
      .floodWindowSeconds = journal.floodWindowSeconds,
      .floodPolicy = [journal](std::string_view producer) { return journal.policyFor(producer); }});
  Expected<std::unique_ptr<CollectorSet>> collectors = buildCollectorSet(
      settings_.collectors, EventSources{.oomKills = oomKills_, .journal = journal_});
  if (!collectors) {
    spdlog::critical("{}", collectors.error().message);
    return 2;
  }
  spdlog::info("starting {}; collectors: {}", versionText(), joined(collectors.value()->names()));
  metrics_ = std::make_shared<MetricsSource>(std::move(collectors).value());
  // Before HTTP starts, so the first scrape already counts the kills in the ring buffer.
  startWatchers();

  Expected<ListenAddress> address = parseListenAddress(settings_.listenAddress);
  if (!address) {
    spdlog::critical("web.listen-address {}: {}", settings_.listenAddress, address.error().message);
    return 2;
  }
  const std::size_t topProducers = settings_.collectors.journal.exported;
  std::vector<JsonRoute> routes = {
      {"/api/v1/oom-kills", [recent = recentEvents_] { return oomKillsJson(recent->oomKills()); }},
      {"/api/v1/journal/floods",
       [stats = journal_, recent = recentEvents_] {
         std::vector<ProducerTable::Rate> flooding;
         for (ProducerTable::Rate& rate : stats->busiest(wallClockSeconds(), SIZE_MAX)) {
           if (rate.flooding) flooding.push_back(std::move(rate));
         }
         return journalFloodsJson(flooding, recent->journalFloods());
       }},
      {"/api/v1/journal/producers", [stats = journal_, topProducers] {
         return journalProducersJson(stats->busiest(wallClockSeconds(), topProducers));
       }}};
  Expected<std::unique_ptr<HttpServer>> http =
      HttpServer::start(address.value(), settings_.telemetryPath, metrics_, std::move(routes));
  if (!http) {
    spdlog::critical("{}", http.error().message);
    return 1;
  }
  http_ = std::move(http).value();
  const std::string& host = address.value().host;
  spdlog::info("listening on http://{}:{}{}", host.empty() ? "0.0.0.0" : host, http_->port(),
               settings_.telemetryPath);

  r = sd_event_add_signal(event_, nullptr, SIGTERM, &Daemon::onStopSignal, this);
  if (r >= 0) r = sd_event_add_signal(event_, nullptr, SIGINT, &Daemon::onStopSignal, this);
  if (r >= 0) r = sd_event_add_signal(event_, nullptr, SIGHUP, &Daemon::onReloadSignal, this);
  // Sends WATCHDOG=1 at half of WATCHDOG_USEC when systemd asks for it; a no-op otherwise.
  if (r >= 0) r = sd_event_set_watchdog(event_, 1);
  if (r < 0) {
    spdlog::critical("cannot set up the event loop: {}", strerror(-r));
    return 1;
  }

  notifyStatus(true, "");
  r = sd_event_loop(event_);
  sd_notify(0, "STOPPING=1\nSTATUS=stopping");
  http_.reset();
  kmsg_.reset();
  journalReader_.reset();  // saves the journal position
  if (r < 0) {
    spdlog::critical("event loop failed: {}", strerror(-r));
    return 1;
  }
  spdlog::info("stopped");
  return r;
}

int Daemon::onStopSignal(sd_event_source* source, const struct signalfd_siginfo* info, void*) {
  spdlog::info("received SIG{}, stopping", sigabbrev_np(static_cast<int>(info->ssi_signo)));
  return sd_event_exit(sd_event_source_get_event(source), 0);
}

int Daemon::onReloadSignal(sd_event_source*, const struct signalfd_siginfo*, void* self) {
  static_cast<Daemon*>(self)->reload();
  return 0;
}

void Daemon::reload() {
  spdlog::info("received SIGHUP, reloading the configuration");
  Expected<Settings> loaded = loadSettings(commandLine_.configFile, commandLine_.flags);
  Expected<std::unique_ptr<CollectorSet>> collectors =
      loaded ? buildCollectorSet(loaded.value().collectors,
                                 EventSources{.oomKills = oomKills_, .journal = journal_})
             : Expected<std::unique_ptr<CollectorSet>>(loaded.error());
  if (!collectors) {
    spdlog::error("reload refused, keeping the previous configuration: {}",
                  collectors.error().message);
    notifyStatus(false, "; the last reload failed, previous configuration kept");
    return;
  }
  Settings next = std::move(loaded).value();
  if (next.listenAddress != settings_.listenAddress ||
      next.telemetryPath != settings_.telemetryPath) {
    spdlog::warn("web.listen-address and web.telemetry-path take effect only after a restart");
    next.listenAddress = settings_.listenAddress;
    next.telemetryPath = settings_.telemetryPath;
  }
  if (next.collectors.kmsg != settings_.collectors.kmsg ||
      next.collectors.oomUnitSeries != settings_.collectors.oomUnitSeries) {
    spdlog::warn("path.kmsg and collector.oom.units take effect only after a restart");
    next.collectors.kmsg = settings_.collectors.kmsg;
    next.collectors.oomUnitSeries = settings_.collectors.oomUnitSeries;
  }
  if (!sameJournalSettings(next.collectors.journal, settings_.collectors.journal)) {
    spdlog::warn("collector.journal.* options take effect only after a restart");
    next.collectors.journal = settings_.collectors.journal;
  }
  std::vector<std::string> names = collectors.value()->names();
  metrics_->replaceCollectors(std::move(collectors).value());
  spdlog::set_level(*parseLogLevel(next.logLevel));
  settings_ = std::move(next);
  startWatchers();
  spdlog::info("configuration reloaded; collectors: {}", joined(names));
  notifyStatus(true, "");
}

bool Daemon::collectorEnabled(const Settings& settings, std::string_view name) const {
  for (const CollectorDescription& description : knownCollectors()) {
    if (description.name == name) return settings.collectors.isEnabled(description);
  }
  return false;
}

// Once started a watcher stays: disabling its collector only hides the metrics, and its counters
// keep counting for when it comes back.
void Daemon::startWatchers() {
  if (!kmsg_ && collectorEnabled(settings_, "oom")) {
    kmsg_ = std::make_unique<KmsgFollower>(event_, settings_.collectors.kmsg, oomKills_, events_);
  }
  if (!journalReader_ && collectorEnabled(settings_, "journal")) {
    const JournalSettings& journal = settings_.collectors.journal;
    journalReader_ = std::make_unique<JournalReader>(
        event_, JournalSource{.nameSpace = journal.nameSpace, .directory = journal.directory},
        journal.stateFile, journal_, events_);
  }
}

void Daemon::notifyStatus(bool ready, std::string_view note) const {
  sd_notifyf(0, "%sSTATUS=serving %s on port %d%.*s", ready ? "READY=1\n" : "",
             settings_.telemetryPath.c_str(), http_ ? http_->port() : 0,
             static_cast<int>(note.size()), note.data());
}

}  // namespace memwatch
