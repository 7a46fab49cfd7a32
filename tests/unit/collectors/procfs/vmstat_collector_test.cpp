// The vmstat collector against the fixture trees: the real capture and the edge cases.
#include "collectors/procfs/vmstat_collector.h"

#include <gtest/gtest.h>

#include <regex>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using testing::findFamily;
using testing::fixture;
using testing::valueOf;

TEST(VmstatCollector, FiltersFieldsByRegexAndIsUntyped) {
  VmstatCollector collector(fixture("proc"), std::regex("^(oom_kill|pgfault)$"));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  ASSERT_EQ(families.value().size(), 2u);
  EXPECT_EQ(families.value()[0].name, "node_vmstat_pgfault");
  EXPECT_EQ(families.value()[0].type, prometheus::MetricType::Untyped);
  EXPECT_EQ(families.value()[0].help, "/proc/vmstat information field pgfault.");
  EXPECT_EQ(families.value()[1].name, "node_vmstat_oom_kill");
}

TEST(VmstatCollector, DefaultFilterIsASupersetOfNodeExporters) {
  VmstatCollector ours(fixture("proc"), std::regex(kDefaultVmstatFields));
  VmstatCollector nodeExporters(fixture("proc"), std::regex("^(oom_kill|pgpg|pswp|pg.*fault).*"));
  auto mine = ours.collect();
  auto theirs = nodeExporters.collect();
  ASSERT_TRUE(mine && theirs);
  for (const auto& family : theirs.value()) {
    EXPECT_NE(findFamily(mine.value(), family.name), nullptr) << family.name;
  }
  EXPECT_NE(findFamily(mine.value(), "node_vmstat_compact_stall"), nullptr);
  EXPECT_NE(findFamily(mine.value(), "node_vmstat_workingset_refault_file"), nullptr);
  EXPECT_EQ(findFamily(mine.value(), "node_vmstat_nr_free_pages"), nullptr);
}

TEST(VmstatCollector, HugeNumbersSurvive) {
  VmstatCollector collector(fixture("edge/huge"), std::regex(kDefaultVmstatFields));
  auto families = collector.collect();
  ASSERT_TRUE(families) << families.error().message;
  EXPECT_DOUBLE_EQ(valueOf(families.value(), "node_vmstat_pgfault"), 18446744073709551615.0);
}

}  // namespace
}  // namespace memwatch
