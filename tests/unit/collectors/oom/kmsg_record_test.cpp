// Tests of the /dev/kmsg record parser: prefixes, caller fields, user facility, empty text,
// escapes decoded once, and malformed prefixes.
#include "collectors/oom/kmsg_record.h"

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

// The kernel escapes '\\' and every byte outside printable ASCII; one level of decoding gives
// back what was printed, including systemd's own \x2d inside a unit name.
TEST(KmsgRecord, DecodesTheKernelsEscapesOnce) {
  EXPECT_EQ(decodeKmsgEscapes("a\\x5cb"), "a\\b");
  EXPECT_EQ(decodeKmsgEscapes("/system.slice/foo@a\\x5cx2db.service"),
            "/system.slice/foo@a\\x2db.service");
  EXPECT_EQ(decodeKmsgEscapes("caf\\xc3\\xa9 \\x01\\x7f\\x0a"), "caf\xc3\xa9 \x01\x7f\n");
  EXPECT_EQ(decodeKmsgEscapes("\\x41\\X41\\xAb"), "A\\X41\xab");
  std::string withNul = decodeKmsgEscapes("a\\x00b");
  EXPECT_EQ(withNul, std::string("a\0b", 3));
  // Not an escape: left alone.
  for (const char* kept : {"", "plain", "\\", "\\x", "\\x4", "\\xg1", "\\x4g", "a\\y41"}) {
    EXPECT_EQ(decodeKmsgEscapes(kept), kept);
  }
}

TEST(KmsgRecord, TextIsDecoded) {
  Expected<KmsgRecord> record = parseKmsgRecord(
      "3,9,10,-;Killed process 5 (a\\x5cb\\x0a) total-vm:1kB\n SUBSYSTEM=a\\x5cb\n");
  ASSERT_TRUE(record);
  EXPECT_EQ(record.value().text, "Killed process 5 (a\\b\n) total-vm:1kB");
}

TEST(KmsgRecord, RejectsMalformedPrefixes) {
  for (const char* bad : {"", "no semicolon", "3,abc,5,-;text", "3,4;text", "-1,2,3,-;x",
                          "3,4,5x,-;x", "99999999999999999999,1,1,-;x", "\xff\xfe;\x01"}) {
    EXPECT_FALSE(parseKmsgRecord(bad)) << bad;
  }
}

}  // namespace
}  // namespace memwatch
