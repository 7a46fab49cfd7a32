// MetricsSource::Collect(): the current collector set, build info, SIGBUS faults and process
// metrics, with exceptions logged instead of thrown to the HTTP server.
#include "daemon/http/metrics_source.h"

#include <spdlog/spdlog.h>

#include "collectors/base/build_info.h"
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
    auto buildInfo = makeFamily("memwatch_build_info",
                                "A metric with a constant '1' value labeled by version and "
                                "revision from which memwatchd was built.",
                                prometheus::MetricType::Gauge);
    addSample(
        buildInfo, 1,
        {{"revision", std::string(buildRevision())}, {"version", std::string(buildVersion())}});
    families.push_back(std::move(buildInfo));
    auto faults = makeFamily("memwatch_mapped_file_faults_total",
                             "Reads of memory-mapped journal files that had been truncated under "
                             "the reader (SIGBUS), survived by reading zeros instead.",
                             prometheus::MetricType::Counter);
    addSample(faults, static_cast<double>(sigbusFaultsAbsorbed()));
    families.push_back(std::move(faults));
    for (auto& family : process_.collect()) families.push_back(std::move(family));
  } catch (const std::exception& e) {
    spdlog::error("scrape failed: {}", e.what());
  }
  return families;
}

}  // namespace memwatch
