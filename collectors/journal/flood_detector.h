#pragma once

// One producer's log rate over a sliding window, and whether it floods.

#include <cstdint>
#include <optional>
#include <vector>

#include "collectors/events/journal_flood.h"

namespace memwatch {

// One producer's rate over a sliding window of whole seconds, and whether it floods: a flood
// starts when the window's rate reaches a threshold and ends once the rate has stayed below half
// of both thresholds for a whole window. Time is whatever clock the caller passes, in seconds,
// so tests can run it on a fake one, but add() and tick() must be given the same clock, and it
// never goes back: a time before the newest one add() saw counts as that one. memwatchd's clock
// is the journal's: the entries' own timestamps, and the wall clock only once the reader has
// read everything (see JournalReader). Memory per producer depends on the window, not the load.
class FloodDetector {
 public:
  static constexpr int kMaxWindowSeconds = 60;

  enum class Change { None, Started, Ended };

  FloodDetector() = default;

  // Counts one entry at `now`, then re-evaluates.
  Change add(std::int64_t now, std::uint64_t bytes, int windowSeconds,
             const FloodThresholds& thresholds);
  // Re-evaluates with nothing new, so a producer that fell silent can stop flooding.
  Change tick(std::int64_t now, int windowSeconds, const FloodThresholds& thresholds);

  bool flooding() const { return flooding_; }
  double entriesPerSecond(std::int64_t now, int windowSeconds);
  double bytesPerSecond(std::int64_t now, int windowSeconds);

 private:
  struct Bucket {
    std::int64_t second = 0;
    std::uint64_t entries = 0;
    std::uint64_t bytes = 0;
  };
  void sum(std::int64_t now, int windowSeconds, std::uint64_t& entries, std::uint64_t& bytes);
  Change evaluate(std::int64_t now, std::uint64_t entries, std::uint64_t bytes, int windowSeconds,
                  const FloodThresholds& thresholds);

  // One per second of the window, allocated on the first entry: a producer costs about 300
  // bytes with the default 10 s window.
  std::vector<Bucket> buckets_;
  std::int64_t latest_ = 0;  // entries may arrive slightly out of order; time never goes back
  // The window's sums as of second latest_, kept up to date by add(): summing the buckets for
  // every entry of a flood would cost more than everything else memwatchd does with it.
  std::uint64_t windowEntries_ = 0;
  std::uint64_t windowBytes_ = 0;
  bool flooding_ = false;
  std::optional<std::int64_t> quietSince_;  // while flooding: since when the rate is below half
};

}  // namespace memwatch
