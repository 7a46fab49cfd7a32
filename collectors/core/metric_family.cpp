// makeFamily, FamilyPattern, addSample and sampleValue: the sample value kept in the counter,
// gauge or untyped field that matches the family's type.
#include "collectors/core/metric_family.h"

#include <tuple>

namespace memwatch {

prometheus::MetricFamily makeFamily(std::string name, std::string help,
                                    prometheus::MetricType type) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  return family;
}

prometheus::MetricFamily makeFamily(const FamilyDescription& description) {
  return makeFamily(std::string(description.name), std::string(description.help), description.type);
}

namespace {

// The text before and after the <Placeholder> of a pattern; all of it before when it has none.
std::pair<std::string_view, std::string_view> aroundPlaceholder(std::string_view pattern) {
  const std::size_t open = pattern.find('<');
  const std::size_t close = pattern.find('>', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return {pattern, {}};
  return {pattern.substr(0, open), pattern.substr(close + 1)};
}

std::string joined(std::string_view prefix, std::string_view field, std::string_view suffix) {
  std::string text;
  text.reserve(prefix.size() + field.size() + suffix.size());
  text.append(prefix).append(field).append(suffix);
  return text;
}

}  // namespace

FamilyPattern::FamilyPattern(const FamilyDescription& description) : type_(description.type) {
  std::tie(namePrefix_, nameSuffix_) = aroundPlaceholder(description.name);
  std::tie(helpPrefix_, helpSuffix_) = aroundPlaceholder(description.help);
}

prometheus::MetricFamily FamilyPattern::make(std::string_view field) const {
  prometheus::MetricFamily family;
  family.name = joined(namePrefix_, field, nameSuffix_);
  family.help = joined(helpPrefix_, field, helpSuffix_);
  family.type = type_;
  return family;
}

void addSample(prometheus::MetricFamily& family, double value, Labels labels) {
  prometheus::ClientMetric& metric = family.metric.emplace_back();
  metric.label = std::move(labels);
  switch (family.type) {
    case prometheus::MetricType::Counter:
      metric.counter.value = value;
      break;
    case prometheus::MetricType::Gauge:
      metric.gauge.value = value;
      break;
    default:
      metric.untyped.value = value;
      break;
  }
}

double sampleValue(prometheus::MetricType type, const prometheus::ClientMetric& metric) {
  switch (type) {
    case prometheus::MetricType::Counter:
      return metric.counter.value;
    case prometheus::MetricType::Gauge:
      return metric.gauge.value;
    default:
      return metric.untyped.value;
  }
}

}  // namespace memwatch
