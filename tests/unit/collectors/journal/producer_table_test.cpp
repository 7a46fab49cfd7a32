// Tests of ProducerTable: exact counts while there is room, bounds on producers and names,
// displacement, "other", and floods started, ended, ignored or exempt.
#include "collectors/journal/producer_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>

#include "collectors/base/wall_clock.h"
#include "collectors/journal/journal_entry.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using Change = FloodDetector::Change;

ProducerTable::PolicyFor defaults() {
  return [](std::string_view) { return FloodPolicy{}; };
}

std::map<std::string, std::uint64_t> entries(const ProducerTable::Exported& exported) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& series : exported.producers) out[series.producer] = series.counts.entries;
  out["other"] = exported.other.entries;
  return out;
}

ProducerCounts sum(const ProducerTable::Exported& exported) {
  ProducerCounts total = exported.other;
  for (const auto& series : exported.producers) {
    total.entries += series.counts.entries;
    total.bytes += series.counts.bytes;
  }
  return total;
}

TEST(ProducerTable, CountsExactlyWhileThereIsRoom) {
  ProducerTable table(100, 5, 10, defaults());
  for (int i = 0; i < 7; ++i) table.add("a.service", 10, 1);
  for (int i = 0; i < 3; ++i) table.add("b", 4, 1);
  ProducerTable::Exported exported = table.exportTopK(1);
  EXPECT_EQ(entries(exported),
            (std::map<std::string, std::uint64_t>{{"a.service", 7}, {"b", 3}, {"other", 0}}));
  EXPECT_EQ(exported.producers[0].counts.bytes, 70u);
}

// 20 000 distinct producers: bounded memory and series, totals exact, "other" monotonic.
TEST(ProducerTable, ManyDistinctProducersStayBounded) {
  ProducerTable table(1000, 20, 10, defaults());
  std::uint64_t previousOther = 0;
  for (int i = 0; i < 20000; ++i) {
    table.add("identifier-" + std::to_string(i), 1, i / 1000);
    if (i % 997 == 0) {
      ProducerTable::Exported exported = table.exportTopK(i / 1000);
      EXPECT_LE(exported.producers.size(), 20u);
      EXPECT_GE(exported.other.entries, previousOther);
      previousOther = exported.other.entries;
    }
  }
  EXPECT_EQ(table.tracked(), 1000u);
  ProducerTable::Exported exported = table.exportTopK(20);
  EXPECT_EQ(sum(exported).entries, 20000u);
  EXPECT_EQ(table.total().entries, 20000u);
}

// Names of any length cost at most kMaxProducerBytes each: the reader cuts them (see
// journal_entry_test), and the table keeps each name once.
TEST(ProducerTable, HugeNamesFromTheReaderAreBounded) {
  ProducerTable table(1000, 20, 10, defaults());
  for (int i = 0; i < 3000; ++i) {
    JournalEntrySummary summary;
    const std::string field =
        "SYSLOG_IDENTIFIER=" + std::to_string(i) + std::string(64 * 1024, 'n');
    addJournalField(field, summary);
    table.add(summary.producer(), 1, 1);
  }
  EXPECT_EQ(table.tracked(), 1000u);
  for (const ProducerTable::Rate& rate : table.busiest(1, SIZE_MAX)) {
    EXPECT_LE(rate.producer.size(), kMaxProducerBytes);
  }
  EXPECT_EQ(sum(table.exportTopK(1)).entries, 3000u);
}

// A producer that starts flooding after the exported places are taken gets one, counting from
// then, and the quietest exported producer folds into "other".
TEST(ProducerTable, ABusyLatecomerDisplacesTheQuietest) {
  ProducerTable table(100, 2, 10, defaults());
  table.add("quiet", 1, 0);
  table.add("steady", 1, 0);
  for (int i = 0; i < 5; ++i) table.add("steady", 1, 5);
  for (int i = 0; i < 50; ++i) table.add("late", 1, 5);
  ProducerTable::Exported before = table.exportTopK(5);
  auto counts = entries(before);
  EXPECT_EQ(counts.count("quiet"), 0u);
  EXPECT_EQ(counts["steady"], 6u);
  EXPECT_EQ(counts["late"], 0u);  // counted from the scrape that gave it a series
  EXPECT_EQ(counts["other"], 51u);
  for (int i = 0; i < 10; ++i) table.add("late", 1, 6);
  EXPECT_EQ(entries(table.exportTopK(6))["late"], 10u);
}

// A producer literally named "other" never gets a series: two series would share the label.
// Its entries count under the aggregate, even while places are free and while it is busiest.
TEST(ProducerTable, AProducerNamedOtherFoldsIntoTheAggregate) {
  ProducerTable table(100, 2, 10, defaults());
  for (int i = 0; i < 40; ++i) table.add("other", 3, 1);
  table.add("a", 1, 1);
  for (int i = 0; i < 2; ++i) table.add("b", 1, 1);
  ProducerTable::Exported exported = table.exportTopK(1);
  EXPECT_EQ(entries(exported),
            (std::map<std::string, std::uint64_t>{{"a", 1}, {"b", 2}, {"other", 40}}));
  EXPECT_EQ(exported.other.bytes, 120u);
  for (int i = 0; i < 1000; ++i) table.add("other", 1, 2);
  exported = table.exportTopK(2);
  std::set<std::string> names;
  for (const auto& series : exported.producers) names.insert(series.producer);
  EXPECT_EQ(names, (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(sum(exported).entries, 1043u);
  EXPECT_EQ(exported.other.entries, 1040u);
}

// While a producer has its series, the series never goes down; "other" never goes down at all;
// the series always add up to everything counted. Displaced producers are absent from the
// scrape that displaced them, so a series that comes back is a new one starting from 0.
TEST(ProducerTable, SeriesNeverGoDownWhileTheyLast) {
  ProducerTable table(1000, 4, 5, defaults());
  std::mt19937 random(42);
  std::map<std::string, ProducerCounts> previous;
  ProducerCounts previousOther;
  std::uint64_t counted = 0, countedBytes = 0;
  int comebacks = 0;
  std::set<std::string> everExported;
  for (std::int64_t second = 0; second < 400; ++second) {
    // Twelve producers whose rates shift every 20 s, so places keep changing hands.
    for (int p = 0; p < 12; ++p) {
      const int rate = static_cast<int>((p * 7 + second / 20 * 5) % 12) * 3;
      for (int i = 0; i < rate; ++i) {
        const std::uint64_t bytes = random() % 100;
        table.add("p" + std::to_string(p), bytes, second);
        ++counted;
        countedBytes += bytes;
      }
    }
    ProducerTable::Exported exported = table.exportTopK(second);
    ASSERT_LE(exported.producers.size(), 4u);
    EXPECT_EQ(sum(exported).entries, counted);
    EXPECT_EQ(sum(exported).bytes, countedBytes);
    EXPECT_GE(exported.other.entries, previousOther.entries);
    EXPECT_GE(exported.other.bytes, previousOther.bytes);
    previousOther = exported.other;
    std::map<std::string, ProducerCounts> current;
    for (const auto& series : exported.producers) {
      current[series.producer] = series.counts;
      auto before = previous.find(series.producer);
      if (before != previous.end()) {
        EXPECT_GE(series.counts.entries, before->second.entries) << series.producer;
        EXPECT_GE(series.counts.bytes, before->second.bytes) << series.producer;
      } else if (everExported.count(series.producer)) {
        ++comebacks;  // back after an absence: a new series
      }
      everExported.insert(series.producer);
    }
    previous = std::move(current);
  }
  EXPECT_GT(comebacks, 0);  // the test did exercise displacement and return
}

TEST(ProducerTable, FloodsStartAndEndAndIgnoredProducersNever) {
  ProducerTable table(10, 5, 2, [](std::string_view producer) {
    return FloodPolicy{.thresholds = {.entriesPerSecond = 10, .bytesPerSecond = 1e9},
                       .ignored = producer == "noisy-but-fine"};
  });
  ProducerTable::FloodChange change;
  for (int i = 0; i < 30 && change.change == Change::None; ++i) {
    change = table.add("chatty", 1, 100);
  }
  EXPECT_EQ(change.change, Change::Started);
  EXPECT_TRUE(change.announce);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(table.add("noisy-but-fine", 1, 100).change, Change::None);
  }
  EXPECT_TRUE(table.anyFlooding());
  EXPECT_TRUE(table.tick(101).empty());  // still at the threshold
  EXPECT_TRUE(table.tick(105).empty());  // quiet since now, for less than a window
  std::vector<ProducerTable::Ended> ended = table.tick(110);
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].producer, "chatty");
  EXPECT_TRUE(ended[0].announce);
  EXPECT_FALSE(table.anyFlooding());
}

// A flood found while catching up is not announced, and neither is its end, whether the end is
// found among the entries or by a tick.
TEST(ProducerTable, FloodsFoundWhileCatchingUpAreNotAnnouncedNorTheirEnds) {
  const auto policy = [](std::string_view) {
    return FloodPolicy{.thresholds = {.entriesPerSecond = 10, .bytesPerSecond = 1e9}};
  };
  ProducerTable table(10, 5, 2, policy);
  ProducerTable::FloodChange started;
  for (int i = 0; i < 30 && started.change == Change::None; ++i) {
    started = table.add("old", 1, 100, {.live = false});
  }
  ASSERT_EQ(started.change, Change::Started);
  EXPECT_FALSE(started.announce);
  // Its end, found on a later (live) entry, is not announced either.
  ProducerTable::FloodChange ended;
  for (std::int64_t second = 101; second < 120 && ended.change == Change::None; ++second) {
    ended = table.add("old", 1, second, {.live = true});
  }
  ASSERT_EQ(ended.change, Change::Ended);
  EXPECT_FALSE(ended.announce);
  // The next flood of the same producer, live, is announced, and so is its end by a tick.
  started = {};
  for (int i = 0; i < 30 && started.change == Change::None; ++i) {
    started = table.add("old", 1, 200, {.live = true});
  }
  ASSERT_EQ(started.change, Change::Started);
  EXPECT_TRUE(started.announce);
  EXPECT_TRUE(table.tick(210).empty());  // quiet from now on
  std::vector<ProducerTable::Ended> ends = table.tick(212);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_TRUE(ends[0].announce);

  // A catch-up flood ended by a tick: not announced.
  ProducerTable other(10, 5, 2, policy);
  for (int i = 0; i < 30; ++i) other.add("x", 1, 50, {.live = false});
  ASSERT_TRUE(other.anyFlooding());
  EXPECT_TRUE(other.tick(60).empty());
  ends = other.tick(62);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_FALSE(ends[0].announce);
}

// memwatchd's own records count, but never feed flood detection.
TEST(ProducerTable, ExemptEntriesCountButNeverFlood) {
  ProducerTable table(10, 5, 2, [](std::string_view) {
    return FloodPolicy{.thresholds = {.entriesPerSecond = 10, .bytesPerSecond = 10}};
  });
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(table.add("memwatchd.service", 1000, 100, {.floodExempt = true}).change,
              Change::None);
  }
  EXPECT_FALSE(table.anyFlooding());
  EXPECT_EQ(entries(table.exportTopK(100))["memwatchd.service"], 1000u);
}

}  // namespace
}  // namespace memwatch
