#pragma once

// Helpers shared by the unit tests: fixture paths and sample values in families.

#include <prometheus/metric_family.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "collectors/core/metric_family.h"

namespace memwatch::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(MEMWATCH_FIXTURES) + "/" + relative;
}

inline const prometheus::MetricFamily* findFamily(const Families& families,
                                                  const std::string& name) {
  auto it = std::find_if(families.begin(), families.end(),
                         [&](const prometheus::MetricFamily& f) { return f.name == name; });
  return it == families.end() ? nullptr : &*it;
}

// The value of the sample whose labels include all of `labels`; NaN when there is none.
inline double valueOf(const Families& families, const std::string& name,
                      const Labels& labels = {}) {
  const prometheus::MetricFamily* family = findFamily(families, name);
  if (family == nullptr) return std::numeric_limits<double>::quiet_NaN();
  for (const auto& metric : family->metric) {
    bool all = std::all_of(labels.begin(), labels.end(), [&](const auto& wanted) {
      return std::find(metric.label.begin(), metric.label.end(), wanted) != metric.label.end();
    });
    if (all) return sampleValue(family->type, metric);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace memwatch::testing
