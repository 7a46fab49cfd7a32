#pragma once

// The interface every collector implements: a name and a scrape.

#include <string_view>

#include "collectors/base/expected.h"
#include "collectors/core/metric_family.h"

namespace memwatch {

// One source of metrics, named as in --[no-]collector.<name> and
// node_scrape_collector_success{collector="<name>"}. collect() runs on HTTP worker threads,
// several at once, so implementations keep no unsynchronised state.
class Collector {
 public:
  virtual ~Collector() = default;
  virtual std::string_view name() const = 0;
  // All families, or an error and none: a half-read file never yields half a scrape.
  virtual Expected<Families> collect() = 0;
};

}  // namespace memwatch
