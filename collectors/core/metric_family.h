#pragma once

#include <prometheus/metric_family.h>

#include <string>
#include <utility>
#include <vector>

namespace memwatch {

using Families = std::vector<prometheus::MetricFamily>;
using Labels = std::vector<prometheus::ClientMetric::Label>;

prometheus::MetricFamily makeFamily(std::string name, std::string help,
                                    prometheus::MetricType type);

// Appends one sample, stored in the field that matches the family's type.
void addSample(prometheus::MetricFamily& family, double value, Labels labels = {});

}  // namespace memwatch
