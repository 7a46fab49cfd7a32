#include "daemon/daemon.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>

#include "daemon/build_info.h"
#include "daemon/logging.h"

namespace memwatch {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out.empty() ? "none" : out;
}

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

  Expected<std::unique_ptr<CollectorSet>> collectors = buildCollectorSet(settings_.collectors);
  if (!collectors) {
    spdlog::critical("{}", collectors.error().message);
    return 2;
  }
  spdlog::info("starting {}; collectors: {}", versionText(), joined(collectors.value()->names()));
  metrics_ = std::make_shared<MetricsSource>(std::move(collectors).value());

  Expected<ListenAddress> address = parseListenAddress(settings_.listenAddress);
  if (!address) {
    spdlog::critical("web.listen-address {}: {}", settings_.listenAddress, address.error().message);
    return 2;
  }
  Expected<std::unique_ptr<HttpServer>> http =
      HttpServer::start(address.value(), settings_.telemetryPath, metrics_);
  if (!http) {
    spdlog::critical("{}", http.error().message);
    return 1;
  }
  http_ = std::move(http).value();
  const std::string& host = address.value().host;
  spdlog::info("listening on http://{}:{}{}", host.empty() ? "0.0.0.0" : host, http_->port(),
               settings_.telemetryPath);

  int r = sd_event_default(&event_);
  if (r >= 0) r = sd_event_add_signal(event_, nullptr, SIGTERM, &Daemon::onStopSignal, this);
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
      loaded ? buildCollectorSet(loaded.value().collectors)
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
  std::vector<std::string> names = collectors.value()->names();
  metrics_->replaceCollectors(std::move(collectors).value());
  spdlog::set_level(*parseLogLevel(next.logLevel));
  settings_ = std::move(next);
  spdlog::info("configuration reloaded; collectors: {}", joined(names));
  notifyStatus(true, "");
}

void Daemon::notifyStatus(bool ready, std::string_view note) const {
  sd_notifyf(0, "%sSTATUS=serving %s on port %d%.*s", ready ? "READY=1\n" : "",
             settings_.telemetryPath.c_str(), http_ ? http_->port() : 0,
             static_cast<int>(note.size()), note.data());
}

}  // namespace memwatch
