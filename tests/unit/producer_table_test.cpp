#include "collectors/producer_table.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace memwatch {
namespace {

ProducerTable::PolicyFor defaults() {
  return [](std::string_view) { return FloodPolicy{}; };
}

std::map<std::string, std::uint64_t> entries(const ProducerTable::Exported& exported) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [producer, counts] : exported.producers) out[producer] = counts.entries;
  out["other"] = exported.other.entries;
  return out;
}

TEST(ProducerTable, CountsExactlyWhileThereIsRoom) {
  ProducerTable table(100, 5, 10, defaults());
  for (int i = 0; i < 7; ++i) table.add("a.service", 10, 1);
  for (int i = 0; i < 3; ++i) table.add("b", 4, 1);
  ProducerTable::Exported exported = table.exportTopK(1);
  EXPECT_EQ(entries(exported),
            (std::map<std::string, std::uint64_t>{{"a.service", 7}, {"b", 3}, {"other", 0}}));
  EXPECT_EQ(exported.producers[0].second.bytes, 70u);
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
  std::uint64_t sum = exported.other.entries;
  for (const auto& [producer, counts] : exported.producers) sum += counts.entries;
  EXPECT_EQ(sum, 20000u);
  EXPECT_EQ(table.total().entries, 20000u);
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

TEST(ProducerTable, FloodsStartAndEndAndIgnoredProducersNever) {
  ProducerTable table(10, 5, 2, [](std::string_view producer) {
    return FloodPolicy{.thresholds = {.entriesPerSecond = 10, .bytesPerSecond = 1e9},
                       .ignored = producer == "noisy-but-fine"};
  });
  FloodDetector::Change change = FloodDetector::Change::None;
  for (int i = 0; i < 30 && change == FloodDetector::Change::None; ++i) {
    change = table.add("chatty", 1, 100);
  }
  EXPECT_EQ(change, FloodDetector::Change::Started);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(table.add("noisy-but-fine", 1, 100), FloodDetector::Change::None);
  }
  EXPECT_TRUE(table.tick(101).empty());  // still at the threshold
  EXPECT_TRUE(table.tick(105).empty());  // quiet since now, for less than a window
  EXPECT_EQ(table.tick(110), std::vector<std::string>{"chatty"});
}

}  // namespace
}  // namespace memwatch
