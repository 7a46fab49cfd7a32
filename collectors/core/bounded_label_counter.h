#pragma once

// Counters keyed by a host-supplied label value, with a bounded number of series.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace memwatch {

// The label value of the aggregate series of every bounded label (units, producers): what has no
// series of its own counts there.
inline constexpr std::string_view kOtherLabelValue = "other";

// Counters keyed by a label value that comes from the host (an OOM victim's unit, a journal
// producer), with at most `maxLabels` values of their own plus "other" for the rest: the top K
// by count. The first maxLabels values get series as they come. After that a value without one
// is tracked (among at most kCandidatesPerLabel x maxLabels such values, the smallest forgotten
// first) and takes the place of the value with the smallest count once its own count is larger.
// Series add up to every event counted and none goes down: the displaced value's count moves
// into "other" (which only rises) and its series ends; the promoted value's series starts at 0,
// its earlier events staying in "other". A value literally named "other" counts there.
class BoundedLabelCounter {
 public:
  static constexpr std::size_t kCandidatesPerLabel = 4;

  using Values = std::map<std::string, std::uint64_t, std::less<>>;

  explicit BoundedLabelCounter(std::size_t maxLabels = 0) : maxLabels_(maxLabels) {}

  void add(std::string_view label, std::uint64_t count = 1);
  // The exported series: at most maxLabels values, and "other" once anything counted there.
  Values values() const;
  std::size_t candidateCount() const { return candidates_.size(); }

 private:
  struct Series {
    std::uint64_t value = 0;  // what the series shows: events since it got the series
    std::uint64_t total = 0;  // every event of this label seen while tracked: its rank
  };

  void forgetSmallestCandidate();

  std::size_t maxLabels_;
  std::map<std::string, Series, std::less<>> series_;
  std::map<std::string, std::uint64_t, std::less<>> candidates_;  // label -> total
  std::uint64_t other_ = 0;
  bool otherUsed_ = false;
};

}  // namespace memwatch
