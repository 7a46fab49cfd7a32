#include "collectors/kmsg_record.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(KmsgRecord, ParsesPrefixAndDropsContinuationLines) {
  Expected<KmsgRecord> record = parseKmsgRecord(
      "3,416,12836153971,-;Memory cgroup out of memory: Killed process 1 (x)\n"
      " SUBSYSTEM=memory\n DEVICE=+memory:oom\n");
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record.value().facility, 0u);
  EXPECT_EQ(record.value().level, 3u);
  EXPECT_EQ(record.value().sequence, 416u);
  EXPECT_EQ(record.value().monotonicMicroseconds, 12836153971u);
  EXPECT_EQ(record.value().text, "Memory cgroup out of memory: Killed process 1 (x)");
}

TEST(KmsgRecord, AcceptsCallerFieldAndUserFacility) {
  Expected<KmsgRecord> record = parseKmsgRecord("12,7,99,c,caller=T812;hello; world");
  ASSERT_TRUE(record);
  EXPECT_EQ(record.value().facility, 1u);  // LOG_USER: written by a program, not the kernel
  EXPECT_EQ(record.value().level, 4u);
  EXPECT_EQ(record.value().text, "hello; world");
}

TEST(KmsgRecord, AcceptsAnEmptyText) {
  Expected<KmsgRecord> record = parseKmsgRecord("6,1,2,-;");
  ASSERT_TRUE(record);
  EXPECT_EQ(record.value().text, "");
}

TEST(KmsgRecord, RejectsMalformedPrefixes) {
  for (const char* bad : {"", "no semicolon", "3,abc,5,-;text", "3,4;text", "-1,2,3,-;x",
                          "3,4,5x,-;x", "99999999999999999999,1,1,-;x", "\xff\xfe;\x01"}) {
    EXPECT_FALSE(parseKmsgRecord(bad)) << bad;
  }
}

}  // namespace
}  // namespace memwatch
