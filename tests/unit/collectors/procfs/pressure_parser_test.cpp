// Tests of the PSI parser: some and full lines, a file with one line, unknown keys, huge totals
// and garbage.
#include "collectors/procfs/pressure_parser.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(PressureParser, ParsesSomeAndFull) {
  auto stats = parsePressure(
      "some avg10=1.50 avg60=0.75 avg300=0.20 total=123456789\n"
      "full avg10=0.01 avg60=0.02 avg300=0.03 total=42\n");
  ASSERT_TRUE(stats) << stats.error().message;
  ASSERT_TRUE(stats.value().some && stats.value().full);
  EXPECT_DOUBLE_EQ(stats.value().some->avg10Ratio, 0.015);
  EXPECT_DOUBLE_EQ(stats.value().some->avg300Ratio, 0.002);
  EXPECT_EQ(stats.value().some->totalMicroseconds, 123456789u);
  EXPECT_DOUBLE_EQ(stats.value().full->avg60Ratio, 0.0002);
  EXPECT_EQ(stats.value().full->totalMicroseconds, 42u);
}

TEST(PressureParser, AcceptsAFileWithOnlyOneLine) {
  auto cpuBefore513 = parsePressure("some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n");
  ASSERT_TRUE(cpuBefore513);
  EXPECT_TRUE(cpuBefore513.value().some);
  EXPECT_FALSE(cpuBefore513.value().full);

  auto irq = parsePressure("full avg10=0.00 avg60=0.00 avg300=0.00 total=9\n");
  ASSERT_TRUE(irq);
  EXPECT_FALSE(irq.value().some);
  EXPECT_EQ(irq.value().full->totalMicroseconds, 9u);
}

TEST(PressureParser, IgnoresUnknownKeysButRequiresKnownOnes) {
  auto future = parsePressure("some avg10=0.00 avg60=0.00 avg300=0.00 avg900=1.00 total=1\n");
  EXPECT_TRUE(future);
  EXPECT_FALSE(parsePressure("some avg10=0.00 avg60=0.00 total=1\n"));
}

TEST(PressureParser, KeepsHugeTotals) {
  auto stats = parsePressure(
      "full avg10=100.00 avg60=100.00 avg300=100.00 "
      "total=18446744073709551615\n");
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats.value().full->totalMicroseconds, 18446744073709551615ull);
}

TEST(PressureParser, RejectsGarbage) {
  for (const char* text :
       {"",
        "\x7f"
        "ELF\x02\x01\n",
        "most avg10=0 avg60=0 avg300=0 total=0\n", "some avg10=x avg60=0.00 avg300=0.00 total=1\n",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=-1\n",
        "some avg10=0.00 avg10=0.00 avg60=0.00 avg300=0.00 total=1\n",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=2\n",
        "some avg10 avg60=0.00 avg300=0.00 total=1\n"}) {
    EXPECT_FALSE(parsePressure(text)) << text;
  }
}

}  // namespace
}  // namespace memwatch
