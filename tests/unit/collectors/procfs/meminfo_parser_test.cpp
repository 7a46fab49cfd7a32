// Tests of the meminfo parser: node_exporter names, the real capture, blank lines, huge and
// negative values, and malformed or binary lines.
#include "collectors/procfs/meminfo_parser.h"

#include <gtest/gtest.h>

#include "collectors/base/whole_file.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

TEST(MeminfoParser, NamesFieldsLikeNodeExporter) {
  auto fields = parseMeminfo(
      "MemTotal:       16318864 kB\n"
      "Active(anon):     123 kB\n"
      "HugePages_Total:       2\n"
      "Hugepagesize:       2048 kB\n");
  ASSERT_TRUE(fields) << fields.error().message;
  ASSERT_EQ(fields.value().size(), 4u);
  EXPECT_EQ(fields.value()[0].name, "MemTotal_bytes");
  EXPECT_EQ(fields.value()[0].value, 16318864.0 * 1024);
  EXPECT_EQ(fields.value()[1].name, "Active_anon_bytes");
  EXPECT_EQ(fields.value()[1].value, 123.0 * 1024);
  EXPECT_EQ(fields.value()[2].name, "HugePages_Total");
  EXPECT_EQ(fields.value()[2].value, 2.0);
  EXPECT_EQ(fields.value()[3].name, "Hugepagesize_bytes");
}

TEST(MeminfoParser, ParsesARealCapture) {
  auto text = readWholeFile(testing::fixture("proc/meminfo"));
  ASSERT_TRUE(text);
  auto fields = parseMeminfo(text.value());
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_GT(fields.value().size(), 40u);
  EXPECT_EQ(fields.value().front().name, "MemTotal_bytes");
}

TEST(MeminfoParser, SkipsBlankLinesAndKeepsHugeAndNegativeValues) {
  auto fields = parseMeminfo("\nMemTotal: 18446744073709551615 kB\n\nCommitted_AS: -4096 kB\n");
  ASSERT_TRUE(fields) << fields.error().message;
  EXPECT_DOUBLE_EQ(fields.value()[0].value, 18446744073709551615.0 * 1024);
  EXPECT_EQ(fields.value()[1].value, -4096.0 * 1024);
}

TEST(MeminfoParser, RejectsMalformedLinesNamingTheLine) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"MemTotal: 1 kB\nMemFree 2 kB\n", "line 2: key does not end in ':'"},
      {"MemTotal: x kB\n", "line 1: value is not an integer"},
      {"MemTotal: 1 MB\n", "line 1: unit is not kB"},
      {"MemTotal: 1 kB extra\n", "line 1: expected 'Key: value [kB]'"},
      {"MemTotal:\n", "line 1: expected 'Key: value [kB]'"},
      {"Mem-Total: 1 kB\n", "line 1: unusable field name"},
      {"MemTotal: 1 kB\nMemTotal: 2 kB\n", "line 2: duplicate field"},
      {"", "no fields found"},
  };
  for (const Case& c : cases) {
    auto fields = parseMeminfo(c.text);
    ASSERT_FALSE(fields) << c.text;
    EXPECT_NE(fields.error().message.find(c.expected), std::string::npos) << fields.error().message;
  }
}

TEST(MeminfoParser, RejectsBinaryGarbageAndQuotesItSafely) {
  auto text = readWholeFile(testing::fixture("edge/garbage/meminfo"));
  ASSERT_TRUE(text);
  auto fields = parseMeminfo(text.value());
  ASSERT_FALSE(fields);
  EXPECT_NE(fields.error().message.find("line 2"), std::string::npos);
  EXPECT_NE(fields.error().message.find("\\x00"), std::string::npos);
  EXPECT_EQ(fields.error().message.find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace memwatch
