#pragma once

// Building prometheus-cpp metric families, the data model between collectors and the writer.

#include <prometheus/metric_family.h>

#include <string>
#include <utility>
#include <vector>

namespace memwatch {

using Families = std::vector<prometheus::MetricFamily>;
using Labels = std::vector<prometheus::ClientMetric::Label>;

prometheus::MetricFamily makeFamily(std::string name, std::string help,
                                    prometheus::MetricType type);

// memwatch's families are counters, gauges and untyped samples, one value each (no summaries or
// histograms). addSample appends one, stored in the field that matches the family's type;
// sampleValue reads it back from there.
void addSample(prometheus::MetricFamily& family, double value, Labels labels = {});
double sampleValue(prometheus::MetricType type, const prometheus::ClientMetric& metric);

}  // namespace memwatch
