// MetricsSource::Collect(): the current collector set, build info, SIGBUS faults and process
// metrics, with exceptions logged instead of thrown to the HTTP server.
#include "daemon/http/metrics_source.h"

#include <spdlog/spdlog.h>

#include "collectors/base/build_info.h"
#include "collectors/core/family_catalog.h"
#include "collectors/journal/sigbus_guard.h"

namespace memwatch {

MetricsSource::MetricsSource(std::shared_ptr<CollectorSet> collectors)
    : collectors_(std::move(collectors)) {}

void MetricsSource::replaceCollectors(std::shared_ptr<CollectorSet> collectors) {
  std::lock_guard lock(mutex_);
  collectors_ = std::move(collectors);
}

std::vector<prometheus::MetricFamily> MetricsSource::Collect() const {
  std::shared_ptr<CollectorSet> collectors;
  {
    std::lock_guard lock(mutex_);
    collectors = collectors_;
  }
  // An exception leaving Collect() would end an HTTP worker thread; serve what we have instead.
  Families families;
  try {
    families = collectors->collect();
    auto buildInfo = makeFamily(kBuildInfo);
    addSample(
        buildInfo, 1,
        {{"revision", std::string(buildRevision())}, {"version", std::string(buildVersion())}});
    families.push_back(std::move(buildInfo));
    auto faults = makeFamily(kMappedFileFaults);
    addSample(faults, static_cast<double>(sigbusFaultsAbsorbed()));
    families.push_back(std::move(faults));
    for (auto& family : process_.collect()) families.push_back(std::move(family));
  } catch (const std::exception& e) {
    spdlog::error("scrape failed: {}", e.what());
  }
  return families;
}

}  // namespace memwatch
