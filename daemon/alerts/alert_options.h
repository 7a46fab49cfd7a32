#pragma once

// The alerts.* options: their checks (a URL, a command) and their declarations for the table.

#include <optional>
#include <string>
#include <vector>

#include "daemon/config/settings.h"

namespace memwatch {

// Why `url` cannot be an Alertmanager's address, or nothing: http or https, a host name, an
// IPv4 address or a bracketed IPv6 one, an optional port (1-65535) and an optional path; no
// user:password@ (it would be printed in logs and --help of the running process), no query or
// fragment, no spaces or control characters.
std::optional<std::string> checkAlertmanagerUrl(const std::string& url);

// Where alerts are POSTed for the base URL `url`: `url` itself when its path already ends with
// /api/v2/alerts, else `url` (without a trailing '/') + "/api/v2/alerts". An Alertmanager behind
// a path prefix (--web.route-prefix, a reverse proxy) is given as that prefix.
std::string alertsEndpoint(const std::string& url);

// Why `path` cannot be alerts.command, or nothing: an absolute path to a regular file this
// process may execute. Checked when the configuration is loaded, at start and on SIGHUP.
std::optional<std::string> checkCommand(const std::string& path);

// alerts.*: every one applies only on restart (the sinks and their threads are made once at
// start), and every one is checked on SIGHUP too, so a bad one is refused there as well.
std::vector<OptionSpec> alertOptions();

}  // namespace memwatch
