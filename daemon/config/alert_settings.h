#pragma once

// What the alert sinks (daemon/alerts) are configured with: the alerts.* options.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace memwatch {

// The alerts.* keys (daemon/alerts/alert_options.cpp declares them, with their defaults). Both
// sinks are off until configured: no command, no Alertmanager URL.
struct AlertSettings {
  // An absolute path to an executable, run for each announced event without a shell; "" for none.
  std::string command;
  std::chrono::milliseconds commandTimeout{10'000};
  std::size_t commandConcurrency = 4;
  // Alertmanager base URLs (http or https), each sent every alert: an HA pair is two of them.
  std::vector<std::string> alertmanagerUrls;
  std::chrono::milliseconds resendInterval{60'000};
  std::chrono::milliseconds oomKillHold{15 * 60'000};
  std::chrono::milliseconds pressureHold{5 * 60'000};
  // The bound of each sink: events waiting for a command, alerts held for Alertmanager.
  std::size_t queue = 1024;
  // The instance label; the host name when not given.
  std::string instance;
};

}  // namespace memwatch
