// Tests of ProcessMetrics: the process_* metrics of the test process, and those left out when
// procfs cannot be read.
#include "collectors/procfs/process_metrics.h"

#include <gtest/gtest.h>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

TEST(ProcessMetrics, DescribesThisProcess) {
  Families families = ProcessMetrics().collect();
  EXPECT_GT(testing::valueOf(families, "process_resident_memory_bytes"), 0);
  EXPECT_GT(testing::valueOf(families, "process_open_fds"), 2);
  EXPECT_GT(testing::valueOf(families, "process_start_time_seconds"), 1.6e9);
  EXPECT_EQ(testing::findFamily(families, "process_cpu_seconds_total")->type,
            prometheus::MetricType::Counter);
}

TEST(ProcessMetrics, LeavesOutWhatItCannotRead) {
  Families families = ProcessMetrics(testing::fixture("does-not-exist")).collect();
  EXPECT_EQ(testing::findFamily(families, "process_cpu_seconds_total"), nullptr);
  EXPECT_NE(testing::findFamily(families, "process_max_fds"), nullptr);
}

}  // namespace
}  // namespace memwatch
