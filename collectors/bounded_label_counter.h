#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace memwatch {

// Counters keyed by a label value that comes from the host (a unit, a producer), with at most
// `maxLabels` values of their own, first come first served; later values count under "other".
// Counts never move between values, so every series stays monotonic.
class BoundedLabelCounter {
 public:
  static constexpr const char* kOther = "other";

  explicit BoundedLabelCounter(std::size_t maxLabels = 0) : maxLabels_(maxLabels) {}

  void add(std::string_view label, std::uint64_t count = 1);
  const std::map<std::string, std::uint64_t, std::less<>>& values() const { return values_; }

 private:
  std::size_t maxLabels_;
  std::map<std::string, std::uint64_t, std::less<>> values_;
};

}  // namespace memwatch
