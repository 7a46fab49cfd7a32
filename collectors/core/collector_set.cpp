// CollectorSet: each collector timed and run in turn, exceptions caught as errors, and the
// duration and success gauges added after the collectors' families.
#include "collectors/core/collector_set.h"

#include <chrono>
#include <exception>

#include "collectors/core/family_catalog.h"

namespace memwatch {

CollectorSet::CollectorSet(std::vector<std::unique_ptr<Collector>> collectors) {
  for (auto& collector : collectors) {
    auto failures = std::make_unique<FailureLog>(std::string(collector->name()));
    entries_.push_back(Entry{std::move(collector), std::move(failures)});
  }
}

std::vector<std::string> CollectorSet::names() const {
  std::vector<std::string> names;
  for (const Entry& entry : entries_) names.emplace_back(entry.collector->name());
  return names;
}

Families CollectorSet::collect() {
  Families families;
  auto duration = makeFamily(kScrapeCollectorDuration);
  auto success = makeFamily(kScrapeCollectorSuccess);
  duration.metric.reserve(entries_.size());
  success.metric.reserve(entries_.size());
  for (Entry& entry : entries_) {
    auto start = std::chrono::steady_clock::now();
    // Collectors return errors rather than throw; the catch is for std::bad_alloc and the like,
    // which must not take the HTTP thread down.
    Expected<Families> result = Error{.message = "not run"};
    try {
      result = entry.collector->collect();
    } catch (const std::exception& e) {
      result = Error{.message = std::string("unexpected exception: ") + e.what()};
    }
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    Labels labels{{"collector", std::string(entry.collector->name())}};
    addSample(duration, took.count(), labels);
    if (result.ok()) {
      entry.failures->succeeded();
      for (auto& family : result.value()) families.push_back(std::move(family));
      addSample(success, 1, std::move(labels));
    } else {
      entry.failures->failed(result.error());
      addSample(success, 0, std::move(labels));
    }
  }
  families.push_back(std::move(duration));
  families.push_back(std::move(success));
  return families;
}

}  // namespace memwatch
