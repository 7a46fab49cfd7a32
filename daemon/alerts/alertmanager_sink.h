#pragma once

// alerts.alertmanager-url: events as alerts pushed to one or more Alertmanagers, as Prometheus
// pushes them.

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "daemon/alerts/alert_counters.h"
#include "daemon/alerts/alert_table.h"
#include "daemon/events/event_sink.h"

namespace memwatch {

struct AlertmanagerSinkSettings {
  std::vector<std::string> urls;  // base URLs, checked (alert_options.h)
  AlertTableSettings table;
  std::chrono::milliseconds connectTimeout{2000};
  std::chrono::milliseconds requestTimeout{5000};
  // The first retry after a failure; each next one waits twice as long, up to the resend interval.
  std::chrono::milliseconds firstRetry{1000};
};

// deliver() folds the event into the AlertTable (alert_table.h) under a mutex and returns: a
// map update, never I/O. One worker thread per Alertmanager (so that one that hangs does not
// hold up the other of an HA pair) POSTs every alert held, in batches of at most 256, to
// <url>/api/v2/alerts with libcurl: at once after a change, then every resend interval. A POST
// that fails (no connection within connectTimeout, no answer within requestTimeout, a status
// other than 2xx) is retried after 1 s, 2 s, 4 s, ... up to the resend interval; each retry
// sends the table as it is then, so a retry never holds more than the table's bound. A worker
// sleeps on a condition variable until its next sending or the next hold running out: no
// wake-ups while nothing is held.
//
// At destruction the workers are told to stop; a transfer in flight is aborted by libcurl's
// progress callback (called at least once a second), and a worker still busy after
// kStopTimeout is left to the process's exit.
class AlertmanagerSink : public EventSink {
 public:
  static constexpr std::chrono::milliseconds kStopTimeout{1500};

  explicit AlertmanagerSink(AlertmanagerSinkSettings settings);
  ~AlertmanagerSink() override;
  AlertmanagerSink(const AlertmanagerSink&) = delete;
  AlertmanagerSink& operator=(const AlertmanagerSink&) = delete;

  std::string_view name() const override { return "alertmanager"; }
  void deliver(const Event& event) override;

  std::shared_ptr<const AlertSinkCounters> counters() const;

 private:
  // Stops the workers, waiting at most kStopTimeout for them.
  void stop();
  struct Shared;
  static void work(const std::shared_ptr<Shared>& shared, const std::string& url);

  std::shared_ptr<Shared> shared_;
  std::vector<std::thread> workers_;
};

}  // namespace memwatch
