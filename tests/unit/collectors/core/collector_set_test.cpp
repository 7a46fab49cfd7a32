// Tests of CollectorSet: one failing collector does not hide the others' families.
#include "collectors/core/collector_set.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

class ScriptedCollector : public Collector {
 public:
  enum class Behaviour { kSucceed, kFail, kThrow };
  ScriptedCollector(std::string name, Behaviour behaviour)
      : name_(std::move(name)), behaviour_(behaviour) {}
  std::string_view name() const override { return name_; }
  Expected<Families> collect() override {
    if (behaviour_ == Behaviour::kThrow) throw std::runtime_error("boom");
    if (behaviour_ == Behaviour::kFail) return Error{.message = "cannot read"};
    Families families;
    auto family = makeFamily("test_" + name_, "help", prometheus::MetricType::Gauge);
    addSample(family, 1);
    families.push_back(std::move(family));
    return families;
  }

 private:
  std::string name_;
  Behaviour behaviour_;
};

TEST(CollectorSet, OneFailingCollectorDoesNotHideTheOthers) {
  std::vector<std::unique_ptr<Collector>> collectors;
  using B = ScriptedCollector::Behaviour;
  collectors.push_back(std::make_unique<ScriptedCollector>("good", B::kSucceed));
  collectors.push_back(std::make_unique<ScriptedCollector>("bad", B::kFail));
  collectors.push_back(std::make_unique<ScriptedCollector>("thrower", B::kThrow));
  collectors.push_back(std::make_unique<ScriptedCollector>("after", B::kSucceed));
  CollectorSet set(std::move(collectors));
  EXPECT_EQ(set.names(), (std::vector<std::string>{"good", "bad", "thrower", "after"}));

  Families families = set.collect();
  using testing::valueOf;
  EXPECT_EQ(valueOf(families, "test_good"), 1);
  EXPECT_EQ(valueOf(families, "test_after"), 1);
  EXPECT_EQ(testing::findFamily(families, "test_bad"), nullptr);
  EXPECT_EQ(valueOf(families, "node_scrape_collector_success", {{"collector", "good"}}), 1);
  EXPECT_EQ(valueOf(families, "node_scrape_collector_success", {{"collector", "bad"}}), 0);
  EXPECT_EQ(valueOf(families, "node_scrape_collector_success", {{"collector", "thrower"}}), 0);
  EXPECT_EQ(valueOf(families, "node_scrape_collector_success", {{"collector", "after"}}), 1);
  const auto* duration = testing::findFamily(families, "node_scrape_collector_duration_seconds");
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(duration->metric.size(), 4u);
  EXPECT_EQ(duration->help, "node_exporter: Duration of a collector scrape.");
  EXPECT_EQ(testing::findFamily(families, "node_scrape_collector_success")->help,
            "node_exporter: Whether a collector succeeded.");
}

}  // namespace
}  // namespace memwatch
