// alertsJson(): SentAlerts as Alertmanager API v2 postableAlerts.
#include "daemon/alerts/alert_json.h"

#include <nlohmann/json.hpp>

#include "collectors/base/rfc3339.h"

namespace memwatch {

std::string alertsJson(const std::vector<SentAlert>& alerts) {
  nlohmann::json body = nlohmann::json::array();
  for (const SentAlert& alert : alerts) {
    body.push_back({{"labels", alert.labels},
                    {"annotations", alert.annotations},
                    {"startsAt", rfc3339(alert.startsAt)},
                    {"endsAt", rfc3339(alert.endsAt)}});
  }
  // The table keeps its text valid UTF-8; replacing is for what would slip through regardless,
  // since a throwing dump would lose every alert of the batch.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace memwatch
