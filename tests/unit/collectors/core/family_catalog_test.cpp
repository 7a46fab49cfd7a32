// The catalog is complete enough to document and to export from: unique names, a meaning and a
// series bound for every family, patterns whose name and HELP share one placeholder.
#include "collectors/core/family_catalog.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "collectors/core/metric_family.h"

namespace memwatch {
namespace {

const std::regex kMetricName("[a-zA-Z_:][a-zA-Z0-9_:]*");
const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");

TEST(FamilyCatalog, EveryFamilyIsDescribedOnceWithAValidName) {
  std::set<std::string> names;
  std::set<std::string> collectors;
  for (const FamilyGroup& group : familyCatalog()) {
    EXPECT_TRUE(collectors.insert(std::string(group.collector)).second) << group.collector;
    EXPECT_FALSE(group.title.empty());
    EXPECT_FALSE(group.families.empty()) << group.title;
    for (const FamilyDescription* family : group.families) {
      const std::string name(family->name);
      EXPECT_TRUE(names.insert(name).second) << name << " is described twice";
      // A pattern's name is valid with its placeholder filled in.
      const std::string filled = std::regex_replace(name, std::regex("<[A-Za-z]+>"), "Field");
      EXPECT_TRUE(std::regex_match(filled, kMetricName)) << name;
      EXPECT_FALSE(family->help.empty()) << name;
      EXPECT_FALSE(family->meaning.empty()) << name;
      EXPECT_FALSE(family->series.empty()) << name;
      for (const LabelDescription& label : family->labels) {
        EXPECT_TRUE(std::regex_match(std::string(label.name), kLabelName)) << name;
        EXPECT_TRUE(!label.oneOf.empty() || !label.about.empty()) << name << " " << label.name;
      }
    }
  }
  EXPECT_GE(names.size(), 40u);
}

TEST(FamilyCatalog, PatternsHaveOnePlaceholderInNameAndHelp) {
  for (const FamilyGroup& group : familyCatalog()) {
    for (const FamilyDescription* family : group.families) {
      if (!family->isPattern()) {
        EXPECT_EQ(family->help.find('<'), std::string_view::npos) << family->name;
        continue;
      }
      const std::size_t open = family->name.find('<');
      const std::string_view placeholder =
          family->name.substr(open, family->name.find('>') - open + 1);
      EXPECT_EQ(family->name.find('<', open + 1), std::string_view::npos) << family->name;
      EXPECT_NE(family->help.find(placeholder), std::string_view::npos) << family->name;
      EXPECT_TRUE(family->labels.empty()) << family->name;
    }
  }
}

TEST(FamilyCatalog, CollectorLabelValuesAreTheCatalogsCollectors) {
  std::string collectors;
  for (const FamilyGroup& group : familyCatalog()) {
    if (group.collector.empty()) continue;
    if (!collectors.empty()) collectors += '|';
    collectors += group.collector;
  }
  ASSERT_EQ(kScrapeCollectorSuccess.labels.size(), 1u);
  EXPECT_EQ(kScrapeCollectorSuccess.labels[0].oneOf, collectors);
  EXPECT_EQ(kScrapeCollectorDuration.labels[0].oneOf, collectors);
}

TEST(FamilyPattern, FillsTheFieldIntoNameAndHelp) {
  prometheus::MetricFamily family = FamilyPattern(kNodeMemoryField).make("Active_anon_bytes");
  EXPECT_EQ(family.name, "node_memory_Active_anon_bytes");
  EXPECT_EQ(family.help, "Memory information field Active_anon_bytes.");
  EXPECT_EQ(family.type, prometheus::MetricType::Gauge);

  family = FamilyPattern(kNodeVmstatField).make("pgfault");
  EXPECT_EQ(family.name, "node_vmstat_pgfault");
  EXPECT_EQ(family.help, "/proc/vmstat information field pgfault.");
  EXPECT_EQ(family.type, prometheus::MetricType::Untyped);
}

TEST(FamilyCatalog, MakeFamilyTakesNameHelpAndTypeFromTheEntry) {
  prometheus::MetricFamily family = makeFamily(kOomKills);
  EXPECT_EQ(family.name, "memwatch_oom_kills_total");
  EXPECT_EQ(family.help, kOomKills.help);
  EXPECT_EQ(family.type, prometheus::MetricType::Counter);
  EXPECT_TRUE(family.metric.empty());
}

}  // namespace
}  // namespace memwatch
