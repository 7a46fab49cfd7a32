#pragma once

#include <systemd/sd-event.h>

#include <memory>

#include "collectors/journal/journal_reader.h"
#include "collectors/oom/kmsg_follower.h"
#include "daemon/config/command_line.h"
#include "daemon/config/settings.h"
#include "daemon/events/event_hub.h"
#include "daemon/events/recent_events.h"
#include "daemon/http/http_server.h"
#include "daemon/http/metrics_source.h"

namespace memwatch {

// The process: an sd-event loop on the main thread for signals, the kernel log and the systemd
// watchdog, and the HTTP server on civetweb's threads. SIGTERM/SIGINT stop it (exit 0); SIGHUP
// re-reads the configuration and keeps the old one when the new one is bad.
class Daemon {
 public:
  Daemon(CommandLine commandLine, Settings settings);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Returns the process exit code.
  int run();

 private:
  static int onStopSignal(sd_event_source* source, const struct signalfd_siginfo* info, void* self);
  static int onReloadSignal(sd_event_source* source, const struct signalfd_siginfo* info,
                            void* self);
  void reload();
  bool collectorEnabled(const Settings& settings, std::string_view name) const;
  void startWatchers();
  void notifyStatus(bool ready, std::string_view note) const;

  const CommandLine commandLine_;
  Settings settings_;
  // Before the sources, which publish to it, so that it outlives them.
  EventHub events_;
  std::shared_ptr<RecentEvents> recentEvents_ = std::make_shared<RecentEvents>();
  std::shared_ptr<OomStats> oomKills_;
  std::unique_ptr<KmsgFollower> kmsg_;  // once the oom collector has been enabled
  std::shared_ptr<JournalStats> journal_;
  std::unique_ptr<JournalReader> journalReader_;  // once the journal collector has been enabled
  std::shared_ptr<MetricsSource> metrics_;
  std::unique_ptr<HttpServer> http_;
  sd_event* event_ = nullptr;
};

}  // namespace memwatch
