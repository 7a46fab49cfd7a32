// Tests of MetricsSource: the collectors, build info and process metrics served, and a reload
// that swaps the collectors.
#include "daemon/http/metrics_source.h"

#include <gtest/gtest.h>

#include "collectors/base/build_info.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

// A collector that serves one gauge named after it.
class NamedCollector : public Collector {
 public:
  explicit NamedCollector(std::string name) : name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  Expected<Families> collect() override {
    Families families;
    families.push_back(makeFamily("test_" + name_, "help", prometheus::MetricType::Gauge));
    addSample(families.back(), 1);
    return families;
  }

 private:
  std::string name_;
};

std::shared_ptr<CollectorSet> setOf(const std::string& name) {
  std::vector<std::unique_ptr<Collector>> collectors;
  collectors.push_back(std::make_unique<NamedCollector>(name));
  return std::make_shared<CollectorSet>(std::move(collectors));
}

TEST(MetricsSource, ServesTheCollectorsBuildInfoAndTheProcess) {
  MetricsSource source(setOf("a"));
  Families families = source.Collect();
  EXPECT_EQ(testing::valueOf(families, "test_a"), 1);
  EXPECT_EQ(testing::valueOf(families, "node_scrape_collector_success", {{"collector", "a"}}), 1);
  EXPECT_EQ(
      testing::valueOf(families, "memwatch_build_info", {{"version", std::string(buildVersion())}}),
      1);
  EXPECT_EQ(testing::valueOf(families, "memwatch_mapped_file_faults_total"), 0);
  EXPECT_GT(testing::valueOf(families, "process_resident_memory_bytes"), 0);
}

TEST(MetricsSource, AReloadSwapsTheCollectors) {
  MetricsSource source(setOf("a"));
  source.replaceCollectors(setOf("b"));
  Families families = source.Collect();
  EXPECT_EQ(testing::findFamily(families, "test_a"), nullptr);
  EXPECT_EQ(testing::valueOf(families, "test_b"), 1);
}

}  // namespace
}  // namespace memwatch
