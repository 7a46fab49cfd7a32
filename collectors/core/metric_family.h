#pragma once

// Building prometheus-cpp metric families, the data model between collectors and the writer.

#include <prometheus/metric_family.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/core/family_description.h"

namespace memwatch {

using Families = std::vector<prometheus::MetricFamily>;
using Labels = std::vector<prometheus::ClientMetric::Label>;

prometheus::MetricFamily makeFamily(std::string name, std::string help,
                                    prometheus::MetricType type);
// A family of the catalog (collectors/core/family_catalog.h): its name, HELP and type.
prometheus::MetricFamily makeFamily(const FamilyDescription& description);

// The families of a pattern entry of the catalog (node_memory_<Field>), one per field: name and
// HELP split around the placeholder once, so that a scrape only joins each field's name in.
class FamilyPattern {
 public:
  explicit FamilyPattern(const FamilyDescription& description);
  prometheus::MetricFamily make(std::string_view field) const;

 private:
  std::string_view namePrefix_;
  std::string_view nameSuffix_;
  std::string_view helpPrefix_;
  std::string_view helpSuffix_;
  prometheus::MetricType type_;
};

// memwatch's families are counters, gauges and untyped samples, one value each (no summaries or
// histograms). addSample appends one, stored in the field that matches the family's type;
// sampleValue reads it back from there.
void addSample(prometheus::MetricFamily& family, double value, Labels labels = {});
double sampleValue(prometheus::MetricType type, const prometheus::ClientMetric& metric);

}  // namespace memwatch
