#pragma once

// Log producers with bounded memory and bounded series, and their floods.

#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "collectors/core/bounded_label_counter.h"
#include "collectors/journal/flood_detector.h"

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

// Where a journal entry comes from, for flood detection.
struct EntryOrigin {
  // Read as it arrived, not while catching up on old entries: only floods that start live are
  // announced, and so only their ends.
  bool live = true;
  // memwatchd's own records: counted, but never fed to flood detection (nor to the rates), so
  // that memwatchd's reports about a flood can never make it a flooder itself.
  bool floodExempt = false;
};

// Log producers with bounded memory and bounded series. At most `candidates` producers are
// tracked, least recently seen evicted first (a flooding one is kept), so 20 000 distinct
// identifiers cost `candidates` slots, not 20 000; names are at most kMaxProducerBytes (the
// reader truncates them). At most `exported` of them have series of their own and everything
// else counts under "other", with sum(exported) + other == everything counted, always.
//
// A producer literally named "other" never gets a series of its own: its entries count under
// the aggregate "other" (it is still tracked, rated and flood-checked like any producer; while it
// floods, flood_active{producer="other"} is 1). Otherwise two series would share that label.
//
// What the series do, exactly:
// - The first producers seen take the free places and count exactly from their first entry.
//   Later, at a scrape (exportTopK, and nothing else), a producer logging at more than twice the
//   rate of the slowest one with a place takes that place.
// - While a producer has its place, its series (entries and bytes) only goes up: it counts the
//   producer's entries since it got the place.
// - "other" is everything counted minus the series with a place, and never goes down. When a
//   producer loses its place (displaced at a scrape, or evicted as least recently seen), its
//   series disappears and its value moves into "other" in one step, so "other" jumps by that much
//   at once (increase() over that step shows entries the vanished series had already shown).
// - A producer that gets a place again starts a new series from 0. Displaced at a scrape, it is
//   absent from that scrape's output, so Prometheus sees the old series end and a new one begin.
//   Evicted and then seen again while a place is free, it gets the place at once, between two
//   scrapes, so a scraper may see its value drop without a gap: Prometheus takes that as a
//   counter reset, and rate()/increase() count correctly from the new value.
class ProducerTable {
 public:
  using PolicyFor = std::function<FloodPolicy(std::string_view producer)>;

  ProducerTable(std::size_t candidates, std::size_t exported, int windowSeconds,
                PolicyFor policyFor);

  struct FloodChange {
    FloodDetector::Change change = FloodDetector::Change::None;
    bool announce = false;  // whether the flood's start was, or this start is, live
  };
  // Counts one entry of `producer` at `now` (seconds, the entry's own time); says whether its
  // flood started or ended.
  FloodChange add(std::string_view producer, std::uint64_t bytes, std::int64_t now,
                  EntryOrigin origin = {});

  struct Ended {
    std::string producer;
    bool announce = false;  // its start was announced
  };
  // Re-evaluates the flooding producers at `now` (the same clock as add()'s), so a silent one can
  // stop. Returns those whose flood ended.
  std::vector<Ended> tick(std::int64_t now);
  bool anyFlooding() const;

  struct ExportedProducer {
    std::string producer;
    ProducerCounts counts;
    bool flooding = false;
  };
  struct Exported {
    std::vector<ExportedProducer> producers;  // by name
    ProducerCounts other;
    bool otherFlooding = false;  // a producer without a series of its own floods
  };
  // Re-ranks by recent rate and returns the series values. Call it for scrapes only: the series
  // change places here.
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
  std::optional<Rate> rate(std::string_view producer, std::int64_t now);

  ProducerCounts total() const { return total_; }
  std::size_t tracked() const { return slots_.size(); }

 private:
  struct Slot {
    std::string producer;
    ProducerCounts counts;
    ProducerCounts exportedBaseline;
    bool exported = false;
    bool mayExport = true;        // false for "other"
    bool floodAnnounced = false;  // the current (or last) flood's start was live
    FloodPolicy policy;
    FloodDetector flood;
  };
  using Slots = std::list<Slot>;  // most recently seen first

  Slots::iterator slotFor(std::string_view producer);
  void promoteBusier(std::int64_t now);
  Rate rateOf(Slot& slot, std::int64_t now);

  const std::size_t candidates_;
  const std::size_t exported_;
  const int windowSeconds_;
  const PolicyFor policyFor_;
  Slots slots_;
  // Keys view the names in slots_ (list nodes never move), so each name is stored once.
  std::unordered_map<std::string_view, Slots::iterator> index_;
  std::size_t exportedCount_ = 0;
  ProducerCounts total_;
};

}  // namespace memwatch
