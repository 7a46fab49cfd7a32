// The option table built once: the web and path options, the subsystems' options, the alert
// sinks' options, log.level, then the collector switches.
#include "daemon/process/option_table.h"

#include "daemon/alerts/alert_options.h"
#include "daemon/config/option_values.h"
#include "daemon/http/listen_address.h"
#include "daemon/process/logging.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {
namespace {

// The bound of --web.max-connections (and so of --web.max-requests): beyond it the file
// descriptors alone would outgrow what systemd lets a service have by default (524288).
constexpr std::uint64_t kMaxWebConnections = 100000;

// Where memwatchd serves, which bus it joins and which /proc and /sys it reads: before the
// subsystems' options.
OptionTable serviceOptions() {
  return {
      {.key = "web.listen-address",
       .help = "Address on which to expose metrics, as host:port; an empty host means all "
               "interfaces, port 0 lets the kernel choose.",
       .defaultText = ":12100",
       .appliesOnReload = false,
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         Expected<ListenAddress> parsed = parseListenAddress(v);
         if (!parsed) return parsed.error().message;
         s.listenAddress = v;
         return std::nullopt;
       }},
      {.key = "web.telemetry-path",
       .help = "Path under which to expose metrics.",
       .defaultText = "/metrics",
       .appliesOnReload = false,
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         if (v.empty() || v.front() != '/') return "must start with '/'";
         s.telemetryPath = v;
         return std::nullopt;
       }},
      {.key = "web.max-connections",
       .help = "Connections open at once; beyond it no more are accepted: they wait in the "
               "kernel's listen backlog until some close. At most half of them from one client "
               "address; more from it are closed at once. Each costs at most 16 KiB and a file "
               "descriptor, plus its reply until sent.",
       .defaultText = "1024",
       .appliesOnReload = false,
       .apply =
           [](Settings& s, const std::string& v) {
             return setWholeNumber(s.webMaxConnections, v, 1, kMaxWebConnections);
           }},
      {.key = "web.max-requests",
       .help = "Requests in flight at once, beyond which a request is answered 503 at once; 0 "
               "for no limit.",
       .defaultText = "40",
       .appliesOnReload = false,
       .apply =
           [](Settings& s, const std::string& v) {
             return setWholeNumber(s.webMaxRequests, v, 0, kMaxWebConnections);
           }},
      {.key = "web.config.file",
       .help = "Web configuration in exporter-toolkit's format (TLS, basic auth, response "
               "headers), re-read on SIGHUP; empty for plain HTTP without auth.",
       .defaultText = "",
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         s.webConfigFile = v;
         return std::nullopt;
       }},
      {.key = "dbus.bus",
       .help = "Bus for memwatchd's D-Bus service (org.memwatch.Memwatch1) and for hearing of "
               "systemd-oomd's kills: system, session or none. A bus that cannot be reached is "
               "logged once and memwatchd runs without it.",
       .defaultText = "system",
       .appliesOnReload = false,
       .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
         if (v == "system") {
           s.dbusBus = DbusBus::System;
         } else if (v == "session") {
           s.dbusBus = DbusBus::Session;
         } else if (v == "none") {
           s.dbusBus = DbusBus::None;
         } else {
           return "must be system, session or none";
         }
         return std::nullopt;
       }},
      {.key = "path.procfs",
       .help = "procfs mountpoint.",
       .defaultText = "/proc",
       .apply = [](Settings& s, const std::string& v) { return setNonEmptyPath(s.procfs, v); }},
      {.key = "path.sysfs",
       .help = "sysfs mountpoint.",
       .defaultText = "/sys",
       .apply = [](Settings& s, const std::string& v) { return setNonEmptyPath(s.sysfs, v); }},
  };
}

OptionSpec logLevelOption() {
  return {.key = "log.level",
          .help = "Only log messages with the given severity or above: debug, info, warn, error.",
          .defaultText = "info",
          .apply = [](Settings& s, const std::string& v) -> std::optional<std::string> {
            if (!parseLogLevel(v)) return "must be one of debug, info, warn, error";
            s.logLevel = v;
            return std::nullopt;
          }};
}

OptionTable buildOptionTable() {
  OptionTable table = serviceOptions();
  for (OptionSpec& spec : subsystemOptions()) table.push_back(std::move(spec));
  for (OptionSpec& spec : alertOptions()) table.push_back(std::move(spec));
  table.push_back(logLevelOption());
  for (OptionSpec& spec : collectorSwitches()) table.push_back(std::move(spec));
  return table;
}

}  // namespace

const OptionTable& optionTable() {
  static const OptionTable table = buildOptionTable();
  return table;
}

}  // namespace memwatch
