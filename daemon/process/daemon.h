#pragma once

// The process: the event loop, the event hub and its sinks, the subsystems and the HTTP server.

#include <systemd/sd-event.h>

#include <memory>

#include "collectors/base/scoped_event_source.h"
#include "daemon/alerts/alert_sinks.h"
#include "daemon/config/command_line.h"
#include "daemon/config/settings.h"
#include "daemon/dbus/dbus_service.h"
#include "daemon/events/event_hub.h"
#include "daemon/events/recent_events.h"
#include "daemon/events/repeated_kill_filter.h"
#include "daemon/http/http_server.h"
#include "daemon/http/metrics_source.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {

// An sd-event loop on the main thread for signals, the subsystems' sources and the systemd
// watchdog, and the HTTP server on its own threads. SIGTERM/SIGINT stop it (exit 0); SIGHUP
// re-reads the configuration and the web config, and keeps the old ones when a new one is bad.
class Daemon {
 public:
  Daemon(CommandLine commandLine, Settings settings);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Returns the process exit code.
  int run();

 private:
  struct EventLoopUnref {
    void operator()(sd_event* loop) const { sd_event_unref(loop); }
  };

  static int onStopSignal(sd_event_source* source, const struct signalfd_siginfo* info, void* self);
  static int onReloadSignal(sd_event_source* source, const struct signalfd_siginfo* info,
                            void* self);
  void addSinks();
  // The subsystems' enabled collectors and the daemon's own (the alert sinks' counters).
  std::unique_ptr<CollectorSet> collectors(const Settings& settings);
  void reload();
  // Runs reload() from the loop at its next turn (the D-Bus Reload method).
  void requestReload();
  static int onReloadRequest(sd_event_source* source, void* self);
  void notifyStatus(bool ready, std::string_view note) const;

  const CommandLine commandLine_;
  Settings settings_;
  std::unique_ptr<sd_event, EventLoopUnref> loop_;
  // The hub and its sinks outlive the subsystems, whose sources publish to them.
  EventHub events_;
  // What sources publish to: the hub, behind the filter of systemd-oomd kills heard twice.
  RepeatedKillFilter publisher_{events_};
  // Made once at start: alerts.* apply only on restart.
  std::unique_ptr<AlertSinks> alerts_;
  std::shared_ptr<RecentEvents> recentEvents_ = std::make_shared<RecentEvents>();
  SubsystemQueries queries_;
  std::unique_ptr<Subsystems> subsystems_;
  std::unique_ptr<DbusService> dbus_;
  ScopedEventSource reloadRequest_;
  std::shared_ptr<MetricsSource> metrics_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace memwatch
