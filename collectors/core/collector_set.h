#pragma once

// The enabled collectors of one configuration, scraped together with node_scrape_collector_*.

#include <memory>
#include <string>
#include <vector>

#include "collectors/core/collector.h"
#include "collectors/core/failure_log.h"

namespace memwatch {

// The enabled collectors of one configuration. collect() runs them in turn and adds
// node_scrape_collector_success and node_scrape_collector_duration_seconds for each, as
// node_exporter does; a failing collector contributes nothing but its success 0.
class CollectorSet {
 public:
  explicit CollectorSet(std::vector<std::unique_ptr<Collector>> collectors);

  Families collect();
  std::vector<std::string> names() const;

 private:
  struct Entry {
    std::unique_ptr<Collector> collector;
    std::unique_ptr<FailureLog> failures;
  };
  std::vector<Entry> entries_;
};

}  // namespace memwatch
