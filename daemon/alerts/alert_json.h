#pragma once

// The body of a POST to Alertmanager's /api/v2/alerts.

#include <string>
#include <vector>

#include "daemon/alerts/alert_table.h"

namespace memwatch {

// A JSON array of postableAlert objects: labels, annotations, startsAt and endsAt in RFC 3339.
// No generatorURL: memwatchd has no page per alert, and its listen address may be a wildcard.
std::string alertsJson(const std::vector<SentAlert>& alerts);

}  // namespace memwatch
