#pragma once

// What one metric family is, for the code that exports it and for the reference that documents
// it (docs/metrics.md): name, type, HELP, labels, when it is there, what it means and how many
// series it can have.

#include <prometheus/metric_type.h>

#include <span>
#include <string_view>

namespace memwatch {

// A label of a family: its name, the fixed set of values it takes where there is one, and what
// its values say.
struct LabelDescription {
  std::string_view name;
  std::string_view oneOf = {};  // "none|memcg|cpuset|memory_policy"; empty where the host decides
  std::string_view about = {};
};

struct FamilyDescription {
  // The exact name, or for a family per field of a file a pattern: one <Placeholder> that the
  // field's name takes the place of (node_memory_<Field>); its HELP has the same placeholder.
  std::string_view name;
  prometheus::MetricType type;
  std::string_view help;
  std::span<const LabelDescription> labels = {};
  // Empty: on every scrape that its collector succeeds; otherwise when it is there.
  std::string_view when = {};
  std::string_view meaning;
  std::string_view series;  // the bound on its number of series

  constexpr bool isPattern() const { return name.find('<') != std::string_view::npos; }
};

}  // namespace memwatch
