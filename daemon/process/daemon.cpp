// Daemon::run(): signals blocked and taken on sd-event, sources started before HTTP, sd_notify
// status and watchdog; SIGHUP reloads what can change without a restart.
#include "daemon/process/daemon.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>

#include "collectors/base/build_info.h"
#include "daemon/events/journal_record_sink.h"
#include "daemon/events/log_sink.h"
#include "daemon/events/queued_sink.h"
#include "daemon/process/logging.h"
#include "daemon/process/option_table.h"

namespace memwatch {
namespace {

// Journal records of events waiting for a journald that is slow to take them; a full queue
// drops the oldest.
constexpr std::size_t kJournalRecordQueue = 256;

// Every connection is a file descriptor, and --web.max-connections allows more than the
// customary soft limit of 1024: the soft limit is raised to the hard one (systemd gives services
// 524288), as Go does at start for node_exporter.
void raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

// The web config named by --web.config.file; none: plain HTTP without auth.
Expected<WebConfig> webConfigOf(const Settings& settings) {
  if (settings.webConfigFile.empty()) return WebConfig{};
  return loadWebConfig(settings.webConfigFile);
}

std::string joined(const std::vector<std::string>& names, std::string_view separator) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += separator;
    out += name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

Daemon::Daemon(CommandLine commandLine, Settings settings)
    : commandLine_(std::move(commandLine)), settings_(std::move(settings)) {}

Daemon::~Daemon() {
  http_.reset();
  dbus_.reset();
  subsystems_.reset();
}

// In delivery order: the API lists an event first, since that costs a few copies in memory,
// before the log line and the journal record's hand-off to its thread.
void Daemon::addSinks() {
  events_.addSink(recentEvents_);
  events_.addSink(std::make_shared<LogSink>());
  events_.addSink(
      std::make_shared<QueuedSink>(std::make_unique<JournalRecordSink>(), kJournalRecordQueue));
  // Last: they only queue, and bound and count themselves (daemon/alerts).
  alerts_ = std::make_unique<AlertSinks>(settings_.alerts);
  for (const std::shared_ptr<EventSink>& sink : alerts_->sinks()) events_.addSink(sink);
}

std::unique_ptr<CollectorSet> Daemon::collectors(const Settings& settings) {
  std::vector<std::unique_ptr<Collector>> own;
  if (std::unique_ptr<Collector> alerts = alerts_->makeCollector())
    own.push_back(std::move(alerts));
  return subsystems_->collectors(settings, std::move(own));
}

int Daemon::run() {
  Expected<WebConfig> webConfig = webConfigOf(settings_);
  if (!webConfig) {
    spdlog::critical("{}", webConfig.error().message);
    return 2;
  }
  raiseFileLimit();
  // Blocked before the HTTP server starts its threads, so they inherit the mask and the signals
  // reach the loop's signalfd instead of killing the process mid-scrape.
  sigset_t signals;
  sigemptyset(&signals);
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, signal);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  sd_event* loop = nullptr;
  int r = sd_event_default(&loop);
  if (r < 0) {
    spdlog::critical("cannot create the event loop: {}", strerror(-r));
    return 1;
  }
  loop_.reset(loop);

  try {
    addSinks();
  } catch (const std::exception& e) {  // a thread that cannot be started (EAGAIN)
    spdlog::critical("cannot set up the event outputs: {}", e.what());
    return 1;
  }
  subsystems_ = std::make_unique<Subsystems>(
      settings_,
      SubsystemContext{
          .loop = loop, .events = publisher_, .recentEvents = recentEvents_, .queries = queries_});
  for (std::shared_ptr<EventSink>& sink : subsystems_->sinks()) events_.addSink(std::move(sink));
  // Before the sources start, so that the first kill they publish is signalled.
  dbus_ = DbusService::start(
      settings_.dbusBus, loop, publisher_,
      MemwatchBusQueries{.recentOomKills = [this] { return recentEvents_->oomKills(); },
                         .topProducers = queries_.topProducers,
                         .reload = [this] { requestReload(); }});
  if (dbus_) events_.addSink(dbus_->signalSink());
  std::unique_ptr<CollectorSet> collectors = this->collectors(settings_);
  spdlog::info("starting {}; collectors: {}", versionText(), joined(collectors->names(), ","));
  metrics_ = std::make_shared<MetricsSource>(std::move(collectors));
  // Before HTTP starts, so the first scrape already counts the kills in the ring buffer.
  subsystems_->startSources(settings_);

  Expected<ListenAddress> address = parseListenAddress(settings_.listenAddress);
  if (!address) {
    spdlog::critical("web.listen-address {}: {}", settings_.listenAddress, address.error().message);
    return 2;
  }
  const HttpLimits limits{.maxConnections = static_cast<unsigned>(settings_.webMaxConnections),
                          .maxRequests = static_cast<unsigned>(settings_.webMaxRequests)};
  Expected<std::unique_ptr<HttpServer>> http =
      HttpServer::start(address.value(), limits, webConfig.value(), settings_.telemetryPath,
                        metrics_, subsystems_->routes());
  if (!http) {
    spdlog::critical("{}", http.error().message);
    return 1;
  }
  http_ = std::move(http).value();
  const std::string& host = address.value().host;
  spdlog::info("listening on {}://{}:{}{}", http_->servesTls() ? "https" : "http",
               host.empty() ? "[::]" : host, http_->port(), settings_.telemetryPath);

  r = sd_event_add_signal(loop, nullptr, SIGTERM, &Daemon::onStopSignal, this);
  if (r >= 0) r = sd_event_add_signal(loop, nullptr, SIGINT, &Daemon::onStopSignal, this);
  if (r >= 0) r = sd_event_add_signal(loop, nullptr, SIGHUP, &Daemon::onReloadSignal, this);
  // Sends WATCHDOG=1 at half of WATCHDOG_USEC when systemd asks for it; a no-op otherwise.
  if (r >= 0) r = sd_event_set_watchdog(loop, 1);
  if (r < 0) {
    spdlog::critical("cannot set up the event loop: {}", strerror(-r));
    return 1;
  }

  notifyStatus(true, "");
  r = sd_event_loop(loop);
  sd_notify(0, "STOPPING=1\nSTATUS=stopping");
  http_.reset();
  dbus_.reset();
  subsystems_->stop();  // the journal reader saves its position
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
  spdlog::info("received SIGHUP");
  static_cast<Daemon*>(self)->reload();
  return 0;
}

void Daemon::requestReload() {
  if (!reloadRequest_) {
    sd_event_source* source = nullptr;
    if (int r = sd_event_add_defer(loop_.get(), &source, &Daemon::onReloadRequest, this); r < 0) {
      spdlog::error("cannot queue a reload: {}", strerror(-r));
      return;
    }
    reloadRequest_.reset(source);
  }
  sd_event_source_set_enabled(reloadRequest_.get(), SD_EVENT_ONESHOT);
}

int Daemon::onReloadRequest(sd_event_source*, void* self) {
  static_cast<Daemon*>(self)->reload();
  return 0;
}

void Daemon::reload() {
  spdlog::info("reloading the configuration");
  std::vector<std::string> restartOnly;
  Expected<Settings> loaded =
      loadSettings(optionTable(), commandLine_.configFile, commandLine_.flags);
  if (loaded) loaded = settingsForReload(optionTable(), settings_, loaded.value(), restartOnly);
  std::optional<std::string> refused;
  if (!loaded) {
    refused = loaded.error().message;
  } else if (Expected<WebConfig> webConfig = webConfigOf(loaded.value()); !webConfig) {
    refused = webConfig.error().message;
  } else {
    // First, since it can still fail (TLS settings GnuTLS refuses), and then nothing has changed.
    refused = http_->applyWebConfig(webConfig.value());
  }
  if (refused) {
    spdlog::error("reload refused, keeping the previous configuration: {}", *refused);
    notifyStatus(false, "; the last reload failed, previous configuration kept");
    return;
  }
  Settings next = std::move(loaded).value();
  if (!restartOnly.empty()) {
    spdlog::warn("{} take effect only after a restart; keeping the running values",
                 joined(restartOnly, ", "));
  }
  std::unique_ptr<CollectorSet> collectors = this->collectors(next);
  const std::string names = joined(collectors->names(), ",");
  metrics_->replaceCollectors(std::move(collectors));
  spdlog::set_level(*parseLogLevel(next.logLevel));
  settings_ = std::move(next);
  subsystems_->startSources(settings_);
  spdlog::info("configuration reloaded; collectors: {}", names);
  notifyStatus(true, "");
}

void Daemon::notifyStatus(bool ready, std::string_view note) const {
  sd_notifyf(0, "%sSTATUS=serving %s on port %d%.*s", ready ? "READY=1\n" : "",
             settings_.telemetryPath.c_str(), http_ ? http_->port() : 0,
             static_cast<int>(note.size()), note.data());
}

}  // namespace memwatch
