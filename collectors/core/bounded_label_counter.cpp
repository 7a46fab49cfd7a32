// BoundedLabelCounter: values past the limit count as "other" and as candidates; a candidate
// whose total overtakes the smallest series takes its place.
#include "collectors/core/bounded_label_counter.h"

#include <algorithm>

#include "collectors/base/utf8.h"

namespace memwatch {

void BoundedLabelCounter::add(std::string_view rawLabel, std::uint64_t count) {
  // Keyed by the form the label is printed in (see toValidUtf8).
  const bool ascii = isAscii(rawLabel);
  std::string valid;
  if (!ascii) valid = toValidUtf8(rawLabel);
  const std::string_view label = ascii ? rawLabel : std::string_view(valid);
  if (label == kOtherLabelValue) {
    other_ += count;
    otherUsed_ = true;
    return;
  }
  if (auto found = series_.find(label); found != series_.end()) {
    found->second.value += count;
    found->second.total += count;
    return;
  }
  if (series_.size() < maxLabels_) {
    auto [it, inserted] = series_.emplace(std::string(label), Series{});
    it->second.value = count;
    it->second.total = count;
    if (auto candidate = candidates_.find(label); candidate != candidates_.end()) {
      it->second.total += candidate->second;
      candidates_.erase(candidate);
    }
    return;
  }
  other_ += count;
  otherUsed_ = true;
  if (maxLabels_ == 0) return;

  auto candidate = candidates_.find(label);
  if (candidate == candidates_.end()) {
    if (candidates_.size() >= kCandidatesPerLabel * maxLabels_) forgetSmallestCandidate();
    candidate = candidates_.emplace(std::string(label), 0).first;
  }
  candidate->second += count;

  auto smallest = std::min_element(
      series_.begin(), series_.end(),
      [](const auto& a, const auto& b) { return a.second.total < b.second.total; });
  if (candidate->second <= smallest->second.total) return;
  // The displaced value becomes a candidate again, its count folded into "other" with its series.
  other_ += smallest->second.value;
  const std::uint64_t displacedTotal = smallest->second.total;
  std::string displaced = smallest->first;
  series_.erase(smallest);
  const std::uint64_t total = candidate->second;
  std::string promoted = candidate->first;
  candidates_.erase(candidate);
  candidates_.emplace(std::move(displaced), displacedTotal);
  series_.emplace(std::move(promoted), Series{.value = 0, .total = total});
}

void BoundedLabelCounter::forgetSmallestCandidate() {
  auto smallest =
      std::min_element(candidates_.begin(), candidates_.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  if (smallest != candidates_.end()) candidates_.erase(smallest);
}

BoundedLabelCounter::Values BoundedLabelCounter::values() const {
  Values values;
  for (const auto& [label, series] : series_) values.emplace(label, series.value);
  if (otherUsed_) values.emplace(kOtherLabelValue, other_);
  return values;
}

}  // namespace memwatch
