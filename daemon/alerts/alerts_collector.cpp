// AlertsCollector::collect(): sent, failed, dropped and queued per sink.
#include "daemon/alerts/alerts_collector.h"

#include "collectors/core/family_catalog.h"

namespace memwatch {

Expected<Families> AlertsCollector::collect() {
  auto sent = makeFamily(kAlertsSent);
  auto failed = makeFamily(kAlertsFailed);
  auto dropped = makeFamily(kAlertsDropped);
  auto queued = makeFamily(kAlertsQueueLength);
  for (const auto& [sink, counters] : sinks_) {
    addSample(sent, static_cast<double>(counters->sent.load()), {{"sink", sink}});
    addSample(failed, static_cast<double>(counters->failed.load()), {{"sink", sink}});
    addSample(dropped, static_cast<double>(counters->dropped.load()), {{"sink", sink}});
    addSample(queued, static_cast<double>(counters->queued.load()), {{"sink", sink}});
  }
  Families families;
  families.push_back(std::move(sent));
  families.push_back(std::move(failed));
  families.push_back(std::move(dropped));
  families.push_back(std::move(queued));
  return families;
}

}  // namespace memwatch
