// Tests of FailureLog: the first failure, changes and reminders logged; no-data and lasting faults
// logged once.
#include "collectors/core/failure_log.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

using namespace std::chrono_literals;
using Clock = FailureLog::Clock;

TEST(FailureLog, LogsFirstFailureThenOnlyChangesAndReminders) {
  FailureLog log("meminfo", 10min);
  Clock::time_point t0{};
  Error error{.message = "cannot open /proc/meminfo"};
  EXPECT_TRUE(log.failed(error, t0 + 1h));
  EXPECT_FALSE(log.failed(error, t0 + 1h + 1s));
  EXPECT_FALSE(log.failed(error, t0 + 1h + 9min));
  EXPECT_TRUE(log.failed(error, t0 + 1h + 10min));  // reminder
  EXPECT_TRUE(log.failed(Error{.message = "line 3: garbage"}, t0 + 1h + 10min + 1s));
  EXPECT_TRUE(log.succeeded());
  EXPECT_FALSE(log.succeeded());
  EXPECT_TRUE(log.failed(error, t0 + 1h + 10min + 2s));  // failing again after recovery
}

TEST(FailureLog, NoDataIsLoggedOnceWithoutReminders) {
  FailureLog log("pressure", 10min);
  Clock::time_point t0{};
  Error noPsi{.message = "no PSI", .noData = true};
  EXPECT_TRUE(log.failed(noPsi, t0 + 1h));
  EXPECT_FALSE(log.failed(noPsi, t0 + 5h));
}

TEST(FailureLog, LastingFaultIsLoggedOnceWithoutReminders) {
  FailureLog log("oom", 10min);
  Clock::time_point t0{};
  Error noCapability{.message = "cannot read /dev/kmsg: Operation not permitted", .lasting = true};
  EXPECT_TRUE(log.failed(noCapability, t0 + 1h));
  EXPECT_FALSE(log.failed(noCapability, t0 + 5h));
}

}  // namespace
}  // namespace memwatch
