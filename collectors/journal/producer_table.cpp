// ProducerTable: producers in a most-recently-seen list with a bounded number of slots, and
// a series handed over to a producer logging at twice the slowest exported one's rate.
#include "collectors/journal/producer_table.h"

#include <algorithm>

namespace memwatch {

ProducerTable::ProducerTable(std::size_t candidates, std::size_t exported, int windowSeconds,
                             PolicyFor policyFor)
    : candidates_(std::max<std::size_t>(candidates, 1)),
      exported_(exported),
      windowSeconds_(std::clamp(windowSeconds, 1, FloodDetector::kMaxWindowSeconds)),
      policyFor_(std::move(policyFor)) {
  index_.reserve(std::min<std::size_t>(candidates_, 4096));
}

ProducerTable::Slots::iterator ProducerTable::slotFor(std::string_view producer) {
  if (auto found = index_.find(producer); found != index_.end()) {
    slots_.splice(slots_.begin(), slots_, found->second);
    return found->second;
  }
  if (slots_.size() >= candidates_) {
    // The least recently seen goes; its counts stay in the totals, so they now count as
    // "other". A flooding producer is passed over: it was seen recently anyway.
    auto victim = std::prev(slots_.end());
    while (victim != slots_.begin() && victim->flood.flooding()) --victim;
    if (victim->exported) --exportedCount_;
    index_.erase(victim->producer);
    slots_.erase(victim);
  }
  // A producer named "other" folds into the aggregate "other": it never takes a place.
  const bool mayExport = producer != kOtherLabelValue;
  const bool exported = mayExport && exportedCount_ < exported_;
  if (exported) ++exportedCount_;
  slots_.push_front(Slot{.producer = std::string(producer),
                         .counts = {},
                         .exportedBaseline = {},
                         .exported = exported,
                         .mayExport = mayExport,
                         .floodAnnounced = false,
                         .policy = policyFor_(producer),
                         .flood = {}});
  index_.emplace(slots_.front().producer, slots_.begin());
  return slots_.begin();
}

ProducerTable::FloodChange ProducerTable::add(std::string_view producer, std::uint64_t bytes,
                                              std::int64_t now, EntryOrigin origin) {
  ++total_.entries;
  total_.bytes += bytes;
  Slot& slot = *slotFor(producer);
  ++slot.counts.entries;
  slot.counts.bytes += bytes;
  if (origin.floodExempt) return {};
  const FloodDetector::Change change =
      slot.flood.add(now, bytes, windowSeconds_, slot.policy.thresholds);
  if (change == FloodDetector::Change::None || slot.policy.ignored) return {};
  if (change == FloodDetector::Change::Started) slot.floodAnnounced = origin.live;
  return {.change = change, .announce = slot.floodAnnounced};
}

std::vector<ProducerTable::Ended> ProducerTable::tick(std::int64_t now) {
  std::vector<Ended> ended;
  for (Slot& slot : slots_) {
    if (!slot.flood.flooding()) continue;
    if (slot.flood.tick(now, windowSeconds_, slot.policy.thresholds) ==
            FloodDetector::Change::Ended &&
        !slot.policy.ignored) {
      ended.push_back({.producer = slot.producer, .announce = slot.floodAnnounced});
    }
  }
  return ended;
}

bool ProducerTable::anyFlooding() const {
  return std::any_of(slots_.begin(), slots_.end(), [](const Slot& slot) {
    return slot.flood.flooding() && !slot.policy.ignored;
  });
}

void ProducerTable::promoteBusier(std::int64_t now) {
  for (;;) {
    Slot* slowest = nullptr;
    Slot* busiest = nullptr;
    double slowestRate = 0, busiestRate = 0;
    for (Slot& slot : slots_) {
      const double rate = slot.flood.entriesPerSecond(now, windowSeconds_);
      if (slot.exported && (!slowest || rate < slowestRate)) slowest = &slot, slowestRate = rate;
      if (!slot.exported && slot.mayExport && (!busiest || rate > busiestRate)) {
        busiest = &slot, busiestRate = rate;
      }
    }
    // Twice the rate, not just more, so that two similar producers do not swap every scrape.
    // Each swap raises the sum of the exported rates, so this ends; and the displaced one, the
    // slowest, cannot win its place back in the same call.
    if (!slowest || !busiest || busiestRate <= 2 * slowestRate) return;
    slowest->exported = false;
    busiest->exported = true;
    busiest->exportedBaseline = busiest->counts;
  }
}

ProducerTable::Exported ProducerTable::exportTopK(std::int64_t now) {
  promoteBusier(now);
  Exported result;
  ProducerCounts exportedSum;
  for (const Slot& slot : slots_) {
    const bool flooding = slot.flood.flooding() && !slot.policy.ignored;
    if (!slot.exported) {
      result.otherFlooding = result.otherFlooding || flooding;
      continue;
    }
    ProducerCounts value{slot.counts.entries - slot.exportedBaseline.entries,
                         slot.counts.bytes - slot.exportedBaseline.bytes};
    exportedSum.entries += value.entries;
    exportedSum.bytes += value.bytes;
    result.producers.push_back({.producer = slot.producer, .counts = value, .flooding = flooding});
  }
  std::sort(result.producers.begin(), result.producers.end(),
            [](const auto& a, const auto& b) { return a.producer < b.producer; });
  result.other = {total_.entries - exportedSum.entries, total_.bytes - exportedSum.bytes};
  return result;
}

ProducerTable::Rate ProducerTable::rateOf(Slot& slot, std::int64_t now) {
  return Rate{.producer = slot.producer,
              .entriesPerSecond = slot.flood.entriesPerSecond(now, windowSeconds_),
              .bytesPerSecond = slot.flood.bytesPerSecond(now, windowSeconds_),
              .counted = slot.counts,
              .flooding = slot.flood.flooding() && !slot.policy.ignored};
}

std::optional<ProducerTable::Rate> ProducerTable::rate(std::string_view producer,
                                                       std::int64_t now) {
  auto found = index_.find(producer);
  if (found == index_.end()) return std::nullopt;
  return rateOf(*found->second, now);
}

std::vector<ProducerTable::Rate> ProducerTable::busiest(std::int64_t now, std::size_t limit) {
  std::vector<Rate> rates;
  rates.reserve(slots_.size());
  for (Slot& slot : slots_) rates.push_back(rateOf(slot, now));
  const std::size_t keep = std::min(limit, rates.size());
  std::partial_sort(rates.begin(), rates.begin() + static_cast<std::ptrdiff_t>(keep), rates.end(),
                    [](const Rate& a, const Rate& b) {
                      if (a.entriesPerSecond != b.entriesPerSecond) {
                        return a.entriesPerSecond > b.entriesPerSecond;
                      }
                      return a.counted.entries > b.counted.entries;
                    });
  rates.resize(keep);
  return rates;
}

}  // namespace memwatch
