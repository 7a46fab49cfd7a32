// Tests of the vmstat parser: the real capture, huge counters, malformed lines with their line
// number, and names too long for the field regex.
#include "collectors/procfs/vmstat_parser.h"

#include <gtest/gtest.h>

#include "collectors/base/whole_file.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

TEST(VmstatParser, ParsesARealCapture) {
  auto text = readWholeFile(testing::fixture("proc/vmstat"));
  ASSERT_TRUE(text);
  auto fields = parseVmstat(text.value());
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_EQ(fields.value().size(), 192u);
  EXPECT_EQ(fields.value().front().name, "nr_free_pages");
}

TEST(VmstatParser, KeepsHugeCounters) {
  auto fields = parseVmstat("pgfault 18446744073709551615\noom_kill 99999999999999999999999\n");
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_DOUBLE_EQ(fields.value()[0].value, 18446744073709551615.0);
  EXPECT_DOUBLE_EQ(fields.value()[1].value, 1e23);
}

TEST(VmstatParser, RejectsMalformedLines) {
  for (const char* text : {"pgfault\n", "pgfault 1 2\n", "pgfault 12a4\n", "pg-fault 1\n",
                           "pgfault 1\npgfault 2\n", "", "\xff\xfe 1\n"}) {
    auto fields = parseVmstat(text);
    EXPECT_FALSE(fields) << text;
  }
}

TEST(VmstatParser, RejectsFieldNamesTooLongForTheFieldRegex) {
  // A name of a few hundred bytes overflowed the HTTP worker's stack inside std::regex.
  EXPECT_TRUE(parseVmstat("pg" + std::string(62, 'x') + " 1\n"));
  auto fields = parseVmstat("pg" + std::string(300, 'x') + " 1\n");
  ASSERT_FALSE(fields);
  EXPECT_NE(fields.error().message.find("longer than 64 bytes"), std::string::npos);
}

TEST(VmstatParser, ReportsTheLineOfAMalformedValue) {
  auto fields = parseVmstat("nr_free_pages 1\npgfault 12a4\n");
  ASSERT_FALSE(fields);
  EXPECT_NE(fields.error().message.find("line 2: value is not an integer"), std::string::npos);
}

}  // namespace
}  // namespace memwatch
