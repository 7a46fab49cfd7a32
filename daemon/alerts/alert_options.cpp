// The alerts.* options and their checks: Alertmanager URLs, the command's path, durations and
// bounds, the instance label defaulting to the host name.
#include "daemon/alerts/alert_options.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "collectors/base/text_scan.h"
#include "daemon/config/option_values.h"

namespace memwatch {
namespace {

constexpr std::string_view kEndpoint = "/api/v2/alerts";
constexpr std::chrono::milliseconds kDay{24 * 3'600'000};
constexpr std::chrono::milliseconds kShortest{100};

bool isHostNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

std::optional<std::string> checkHostAndPort(std::string_view authority) {
  if (authority.find('@') != std::string_view::npos) {
    return "user information (user:password@) is not accepted in the URL";
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return "an IPv6 host must end with ']'";
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return "junk after the IPv6 host";
    if (!after.empty()) port = after.substr(1);
    if (host.empty() || !std::ranges::all_of(host, [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
        })) {
      return "the IPv6 host is not an address";
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (host.empty()) return "the URL has no host";
    if (!std::ranges::all_of(host, isHostNameCharacter)) {
      return "the host may hold only letters, digits, '-', '_' and '.'";
    }
  }
  if (authority.find(':') != std::string_view::npos && !authority.starts_with('[') &&
      port.empty()) {
    return "the port is empty";
  }
  if (!port.empty()) {
    std::optional<std::uint64_t> number = parseUnsigned(port);
    if (!number || *number == 0 || *number > 65535) return "the port must be from 1 to 65535";
  }
  return std::nullopt;
}

// An option of the alerts room: the key "alerts.<name>", applied only on restart.
OptionSpec alertOption(
    std::string name, std::string help, std::string defaultText,
    std::function<std::optional<std::string>(AlertSettings&, const std::string&)> apply) {
  return {.key = "alerts." + std::move(name),
          .help = std::move(help),
          .defaultText = std::move(defaultText),
          .appliesOnReload = false,
          .apply = [apply = std::move(apply)](Settings& s, const std::string& v) {
            return apply(s.alerts, v);
          }};
}

std::string hostName() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace

std::optional<std::string> checkAlertmanagerUrl(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else {
    return "must start with http:// or https://";
  }
  if (std::ranges::any_of(url, [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) == 0x7f;
      })) {
    return "spaces and control characters are not accepted";
  }
  if (url.find_first_of("?#") != std::string::npos) return "a query or fragment is not accepted";
  const std::size_t slash = rest.find('/');
  return checkHostAndPort(rest.substr(0, slash));
}

std::string alertsEndpoint(const std::string& url) {
  std::string_view base = url;
  while (base.ends_with('/')) base.remove_suffix(1);
  if (base.ends_with(kEndpoint)) return std::string(base);
  return std::string(base) + std::string(kEndpoint);
}

std::optional<std::string> checkCommand(const std::string& path) {
  if (path.empty()) return std::nullopt;  // no command sink
  if (path.front() != '/') return "must be an absolute path (no shell, no $PATH lookup)";
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return "no such file";
  if (!S_ISREG(status.st_mode)) return "not a regular file";
  if (access(path.c_str(), X_OK) != 0) return "not executable by memwatchd";
  return std::nullopt;
}

std::vector<OptionSpec> alertOptions() {
  std::vector<OptionSpec> options = {
      alertOption("command",
                  "Program run for each event (an absolute path; no shell), with the event in "
                  "MEMWATCH_* environment variables; empty for none.",
                  "",
                  [](AlertSettings& a, const std::string& v) -> std::optional<std::string> {
                    if (auto why = checkCommand(v)) return why;
                    a.command = v;
                    return std::nullopt;
                  }),
      alertOption("command-timeout", "A run of alerts.command still going after this is killed.",
                  "10s",
                  [](AlertSettings& a, const std::string& v) {
                    return setDuration(a.commandTimeout, v, kShortest, kDay);
                  }),
      alertOption("command-concurrency", "Runs of alerts.command at once; more events wait.", "4",
                  [](AlertSettings& a, const std::string& v) {
                    return setWholeNumber(a.commandConcurrency, v, 1, 64);
                  }),
      alertOption("resend-interval",
                  "Alertmanager: a firing alert is sent again this often, ending 4 intervals on.",
                  "1m",
                  [](AlertSettings& a, const std::string& v) {
                    return setDuration(a.resendInterval, v, kShortest, kDay);
                  }),
      alertOption("oom-kill-hold",
                  "Alertmanager: an OOM kill's alert fires this long after the unit's last kill.",
                  "15m",
                  [](AlertSettings& a, const std::string& v) {
                    return setDuration(a.oomKillHold, v, kShortest, kDay);
                  }),
      alertOption("pressure-hold",
                  "Alertmanager: a memory pressure alert fires this long after its last trigger.",
                  "5m",
                  [](AlertSettings& a, const std::string& v) {
                    return setDuration(a.pressureHold, v, kShortest, kDay);
                  }),
      alertOption("queue",
                  "Bound of each alert sink: events waiting for alerts.command, alerts held "
                  "for Alertmanager; beyond it the oldest is dropped and counted.",
                  "1024",
                  [](AlertSettings& a, const std::string& v) {
                    return setWholeNumber(a.queue, v, 1, 10000);
                  }),
      alertOption("instance", "The instance label of alerts; empty for the host name.", "",
                  [](AlertSettings& a, const std::string& v) -> std::optional<std::string> {
                    a.instance = v.empty() ? hostName() : v;
                    return std::nullopt;
                  }),
  };
  OptionSpec urls =
      alertOption("alertmanager-url",
                  "Alertmanager to push alerts to (http[s]://host[:port][/prefix]; POSTed to "
                  "<url>/api/v2/alerts); repeat the flag, or give a YAML sequence, for several.",
                  "", [](AlertSettings& a, const std::string& v) -> std::optional<std::string> {
                    if (auto why = checkAlertmanagerUrl(v)) return why;
                    a.alertmanagerUrls.push_back(v);
                    return std::nullopt;
                  });
  urls.clear = [](Settings& s) { s.alerts.alertmanagerUrls.clear(); };
  options.insert(options.begin() + 3, std::move(urls));
  return options;
}

}  // namespace memwatch
