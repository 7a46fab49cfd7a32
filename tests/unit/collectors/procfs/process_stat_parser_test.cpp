// Tests of the /proc stat parsers: fields counted from the last ')', truncated stat refused, and
// btime.
#include "collectors/procfs/process_stat_parser.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(ProcessStatParser, CountsFieldsFromTheLastParenthesis) {
  // A comm with spaces and ") (" must not shift the fields.
  auto stat = parseProcessStat(
      "4242 (evil) (name ) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0 12345 "
      "146300928 1781 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");
  ASSERT_TRUE(stat) << stat.error().message;
  EXPECT_EQ(stat.value().userTicks, 250u);
  EXPECT_EQ(stat.value().systemTicks, 75u);
  EXPECT_EQ(stat.value().startTicksSinceBoot, 12345u);
  EXPECT_EQ(stat.value().virtualMemoryBytes, 146300928u);
  EXPECT_EQ(stat.value().residentPages, 1781u);
}

TEST(ProcessStatParser, RejectsTruncatedStat) {
  EXPECT_FALSE(parseProcessStat("4242 (x) S 1 2 3"));
  EXPECT_FALSE(parseProcessStat("no parenthesis"));
}

TEST(ProcessStatParser, ParsesBootTime) {
  EXPECT_EQ(parseBootTime("cpu 1 2 3\nbtime 1795580110\nprocesses 9\n").value(), 1795580110u);
  EXPECT_FALSE(parseBootTime("cpu 1 2 3\n"));
  EXPECT_FALSE(parseBootTime("btime soon\n"));
}

}  // namespace
}  // namespace memwatch
