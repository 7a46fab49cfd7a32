// Tests of the text scanners: lines, fields, integers, fixed point, log quoting, metric names,
// duplicate names on both paths and trimming.
#include "collectors/base/text_scan.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(SplitLines, DropsOnlyTheTrailingNewline) {
  EXPECT_EQ(splitLines("a\nb\n"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(splitLines("a\n\nb"), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_TRUE(splitLines("").empty());
}

TEST(SplitOn, SplitsOnTheDelimiterOnly) {
  EXPECT_EQ(splitOn("none|memcg|cpuset", '|'),
            (std::vector<std::string_view>{"none", "memcg", "cpuset"}));
  EXPECT_EQ(splitOn("a||b|", '|'), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(splitOn("a\nb", '|'), (std::vector<std::string_view>{"a\nb"}));
  EXPECT_TRUE(splitOn("", '|').empty());
}

TEST(SplitFields, CollapsesSpacesAndTabs) {
  EXPECT_EQ(splitFields("  Node 0,\tzone   DMA  "),
            (std::vector<std::string_view>{"Node", "0,", "zone", "DMA"}));
  EXPECT_TRUE(splitFields(" \t ").empty());
}

TEST(ParseDecimalInteger, AcceptsSignedIntegersOnly) {
  EXPECT_EQ(parseDecimalInteger("0"), 0.0);
  EXPECT_EQ(parseDecimalInteger("-4096"), -4096.0);
  EXPECT_DOUBLE_EQ(*parseDecimalInteger("18446744073709551615"), 18446744073709551615.0);
  for (const char* bad : {"", "-", "1e5", "inf", "nan", "0x10", "12a", " 1", "+1", "1.5"}) {
    EXPECT_FALSE(parseDecimalInteger(bad)) << bad;
  }
}

TEST(ParseUnsigned, RejectsOverflowAndSigns) {
  EXPECT_EQ(parseUnsigned("18446744073709551615"), 18446744073709551615ull);
  EXPECT_FALSE(parseUnsigned("18446744073709551616"));
  EXPECT_FALSE(parseUnsigned("-1"));
  EXPECT_FALSE(parseUnsigned(""));
}

TEST(ParseFixedPoint, AcceptsPsiAverages) {
  EXPECT_DOUBLE_EQ(*parseFixedPoint("12.34"), 12.34);
  EXPECT_DOUBLE_EQ(*parseFixedPoint("100"), 100);
  // Scaled in decimal, so exactly the double nearest 0.0007, not 0.07 / 100.
  EXPECT_EQ(*parseFixedPoint("0.07", -2), 0.0007);
  EXPECT_EQ(*parseFixedPoint("100.00", -2), 1.0);
  for (const char* bad : {"", ".", "1.", "-1.0", "1e2", "nan", "1.2.3"}) {
    EXPECT_FALSE(parseFixedPoint(bad)) << bad;
  }
}

TEST(QuoteForLog, EscapesControlAndBinaryBytesAndTruncates) {
  EXPECT_EQ(quoteForLog(std::string_view("a\0\xff\"", 4)), "\"a\\x00\\xff\\x22\"");
  EXPECT_EQ(quoteForLog("abcdef", 3), "\"abc\"...");
  EXPECT_EQ(escapeControlBytes("a\nb\x7f \"caf\xc3\xa9\""), "a\\x0ab\\x7f \"caf\xc3\xa9\"");
}

TEST(IsMetricNameSafe, AllowsOnlyPrometheusNameCharacters) {
  EXPECT_TRUE(isMetricNameSafe("Active_anon_bytes"));
  EXPECT_FALSE(isMetricNameSafe("a-b"));
  EXPECT_FALSE(isMetricNameSafe(""));
  EXPECT_FALSE(isMetricNameSafe("a b"));
}

// Both paths: the stack hash table for file-sized inputs, the sorted copy beyond its capacity.
TEST(LineOfFirstDuplicate, FindsTheEarliestRepeatOnBothPaths) {
  for (std::size_t count : {std::size_t{3}, kMaxNamesWithoutAllocation + 100}) {
    std::vector<std::string> storage;
    for (std::size_t i = 0; i < count; ++i) storage.push_back("field_" + std::to_string(i));
    std::vector<NamedLine> names;
    for (std::size_t i = 0; i < count; ++i) names.push_back({storage[i], i + 1});
    EXPECT_EQ(lineOfFirstDuplicate(names), std::nullopt) << count;

    // "field_1" repeated on the last line, "field_0" on the one before: the earlier repeat wins.
    names.push_back({storage[0], count + 1});
    names.push_back({storage[1], count + 2});
    EXPECT_EQ(lineOfFirstDuplicate(names), count + 1) << count;
  }
  EXPECT_EQ(lineOfFirstDuplicate({}), std::nullopt);
}

TEST(ParseInteger, TheWholeTokenInTheTypesRange) {
  EXPECT_EQ(parseInteger<int>("-1000"), -1000);
  EXPECT_EQ(parseInteger<std::uint32_t>("4294967295"), 4294967295u);
  EXPECT_EQ(parseInteger<std::uint32_t>("4294967296"), std::nullopt);  // out of range
  EXPECT_EQ(parseInteger<std::uint32_t>("-1"), std::nullopt);
  EXPECT_EQ(parseInteger<int>("+1"), std::nullopt);
  EXPECT_EQ(parseInteger<int>(" 1"), std::nullopt);
  EXPECT_EQ(parseInteger<int>("1x"), std::nullopt);
  EXPECT_EQ(parseInteger<int>(""), std::nullopt);
}

TEST(TrimWhitespace, SpacesTabsCarriageReturnsAndNewlinesAroundIt) {
  EXPECT_EQ(trimWhitespace(" \t a b \r\n"), "a b");
  EXPECT_EQ(trimWhitespace("ab"), "ab");
  EXPECT_EQ(trimWhitespace(" \t\r\n"), "");
  EXPECT_EQ(trimWhitespace(""), "");
}

}  // namespace
}  // namespace memwatch
