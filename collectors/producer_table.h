#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collectors/flood_detector.h"

namespace memwatch {

struct ProducerCounts {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

// How floods are judged for one producer: the thresholds, or not at all.
struct FloodPolicy {
  FloodThresholds thresholds;
  bool ignored = false;
};

// Log producers with bounded memory and bounded series. At most `candidates` producers are
// tracked, least recently seen evicted first (a flooding one is kept), so 20 000 distinct
// identifiers cost `candidates` slots, not 20 000. At most `exported` of them have series of
// their own and everything else counts under "other", with sum(exported) + other == everything
// counted, always. The first producers seen take the exported places and count exactly from
// their first entry; later, a producer logging at more than twice the rate of the slowest
// exported one takes its place, its series counting from then, and the one it displaced folds
// into "other". So no series, "other" included, ever goes down.
class ProducerTable {
 public:
  using PolicyFor = std::function<FloodPolicy(std::string_view producer)>;

  ProducerTable(std::size_t candidates, std::size_t exported, int windowSeconds,
                PolicyFor policyFor);

  // Counts one entry of `producer` at `now` (seconds); says whether its flood started or ended.
  FloodDetector::Change add(std::string_view producer, std::uint64_t bytes, std::int64_t now);
  // Re-evaluates the flooding producers, so a silent one can stop. Returns those whose flood
  // ended.
  std::vector<std::string> tick(std::int64_t now);

  struct Exported {
    std::vector<std::pair<std::string, ProducerCounts>> producers;
    ProducerCounts other;
  };
  // Re-ranks by recent rate and returns the series values.
  Exported exportTopK(std::int64_t now);

  struct Rate {
    std::string producer;
    double entriesPerSecond = 0;
    double bytesPerSecond = 0;
    ProducerCounts counted;  // since memwatchd began tracking it
    bool flooding = false;
  };
  // The `limit` busiest tracked producers by recent entry rate.
  std::vector<Rate> busiest(std::int64_t now, std::size_t limit);

  ProducerCounts total() const { return total_; }
  std::size_t tracked() const { return slots_.size(); }
  int windowSeconds() const { return windowSeconds_; }

 private:
  struct Slot {
    std::string producer;
    ProducerCounts counts;
    ProducerCounts exportedBaseline;
    bool exported = false;
    FloodPolicy policy;
    FloodDetector flood;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  using Slots = std::list<Slot>;  // most recently seen first

  Slots::iterator slotFor(std::string_view producer);
  void promoteBusier(std::int64_t now);

  const std::size_t candidates_;
  const std::size_t exported_;
  const int windowSeconds_;
  const PolicyFor policyFor_;
  Slots slots_;
  std::unordered_map<std::string, Slots::iterator, Hash, std::equal_to<>> index_;
  std::size_t exportedCount_ = 0;
  ProducerCounts total_;
};

}  // namespace memwatch
