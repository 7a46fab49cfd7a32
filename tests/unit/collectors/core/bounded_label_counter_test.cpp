// Tests of BoundedLabelCounter: first come get series, busier values displace the smallest,
// "other", names that print alike, series that never go down and sums that stay exact.
#include "collectors/core/bounded_label_counter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace memwatch {
namespace {

std::uint64_t sum(const BoundedLabelCounter::Values& values) {
  std::uint64_t total = 0;
  for (const auto& [label, value] : values) total += value;
  return total;
}

TEST(BoundedLabelCounter, FirstComeGetSeriesThenOther) {
  BoundedLabelCounter counter(2);
  counter.add("a.service");
  counter.add("b.scope");
  counter.add("c.service");
  EXPECT_EQ(counter.values(),
            (BoundedLabelCounter::Values{{"a.service", 1}, {"b.scope", 1}, {"other", 1}}));
}

TEST(BoundedLabelCounter, ABusierValueDisplacesTheSmallest) {
  BoundedLabelCounter counter(2);
  for (int i = 0; i < 5; ++i) counter.add("steady.service");
  counter.add("once.service");
  counter.add("looping.service");  // 1 kill: not more than once.service's 1
  EXPECT_FALSE(counter.values().contains("looping.service"));
  counter.add("looping.service");  // 2 > 1: takes once.service's place
  BoundedLabelCounter::Values values = counter.values();
  EXPECT_EQ(values, (BoundedLabelCounter::Values{
                        {"steady.service", 5}, {"looping.service", 0}, {"other", 3}}));
  counter.add("looping.service");
  EXPECT_EQ(counter.values().at("looping.service"), 1u);
  EXPECT_EQ(sum(counter.values()), 9u);
}

TEST(BoundedLabelCounter, AValueNamedOtherCountsThere) {
  BoundedLabelCounter counter(3);
  counter.add("other", 4);
  counter.add("a");
  EXPECT_EQ(counter.values(), (BoundedLabelCounter::Values{{"a", 1}, {"other", 4}}));
}

TEST(BoundedLabelCounter, NamesThatPrintTheSameAreOneSeries) {
  // Bytes that are not UTF-8 print as U+FFFD; two such names must not become two series with
  // one label value.
  BoundedLabelCounter counter(3);
  counter.add("a\xff");
  counter.add("a\xfe");
  EXPECT_EQ(counter.values(), (BoundedLabelCounter::Values{{"a\xef\xbf\xbd", 2}}));
}

TEST(BoundedLabelCounter, WithoutSeriesEverythingIsOther) {
  BoundedLabelCounter counter(0);
  counter.add("a", 2);
  counter.add("b");
  EXPECT_EQ(counter.values(), (BoundedLabelCounter::Values{{"other", 3}}));
  EXPECT_EQ(counter.candidateCount(), 0u);
}

TEST(BoundedLabelCounter, SeriesNeverGoDownSumsStayExactAndCandidatesStayBounded) {
  constexpr std::size_t kSeries = 5;
  BoundedLabelCounter counter(kSeries);
  std::mt19937 random(7);
  // A few busy values among thousands of rare ones, whose ranks change over time.
  std::uniform_int_distribution<int> rare(0, 5000);
  std::uniform_int_distribution<int> busy(0, 9);
  std::uint64_t total = 0;
  BoundedLabelCounter::Values previous;
  for (int step = 0; step < 20000; ++step) {
    const int phase = step / 5000;
    const std::string label = step % 3 == 0 ? "rare-" + std::to_string(rare(random))
                                            : "busy-" + std::to_string(busy(random) + phase * 3);
    counter.add(label);
    ++total;
    BoundedLabelCounter::Values values = counter.values();
    ASSERT_EQ(sum(values), total);
    ASSERT_LE(values.size(), kSeries + 1);
    ASSERT_LE(counter.candidateCount(), BoundedLabelCounter::kCandidatesPerLabel * kSeries);
    for (const auto& [name, value] : values) {
      auto before = previous.find(name);
      if (before != previous.end()) {
        ASSERT_GE(value, before->second) << name << " at " << step;
      }
    }
    previous = std::move(values);
  }
  // The busiest values of the last phase hold the series.
  int busyOfLastPhase = 0;
  for (const auto& [name, value] : previous) {
    if (name.starts_with("busy-") && std::stoi(name.substr(5)) >= 9) ++busyOfLastPhase;
  }
  EXPECT_GE(busyOfLastPhase, 3) << "series did not follow the busiest values";
}

}  // namespace
}  // namespace memwatch
