// Tests of the UTF-8 helpers: lengths of well-formed sequences, malformed ones refused, and only
// invalid bytes replaced.
#include "collectors/base/utf8.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(Utf8, MeasuresWellFormedSequences) {
  EXPECT_EQ(utf8SequenceLength("a"), 1u);
  EXPECT_EQ(utf8SequenceLength("\xc3\xa9x"), 2u);         // é
  EXPECT_EQ(utf8SequenceLength("\xe2\x82\xac"), 3u);      // €
  EXPECT_EQ(utf8SequenceLength("\xf0\x9f\x90\xa7"), 4u);  // 🐧
  EXPECT_EQ(utf8SequenceLength("\xf4\x8f\xbf\xbf"), 4u);  // U+10FFFF
}

TEST(Utf8, RefusesWhatIsNotUtf8) {
  EXPECT_EQ(utf8SequenceLength(""), 0u);
  EXPECT_EQ(utf8SequenceLength("\x80"), 0u);              // stray continuation byte
  EXPECT_EQ(utf8SequenceLength("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(utf8SequenceLength("\xe0\x80\xaf"), 0u);      // overlong, three bytes
  EXPECT_EQ(utf8SequenceLength("\xed\xa0\x80"), 0u);      // surrogate U+D800
  EXPECT_EQ(utf8SequenceLength("\xf4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(utf8SequenceLength("\xf5\x80\x80\x80"), 0u);
  EXPECT_EQ(utf8SequenceLength("\xc3"), 0u);  // truncated
  EXPECT_EQ(utf8SequenceLength("\xe2\x82"), 0u);
  EXPECT_EQ(utf8SequenceLength("\xe2\x28\xa1"), 0u);  // bad second byte
}

TEST(Utf8, ReplacesOnlyWhatIsNotUtf8) {
  EXPECT_EQ(toValidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(toValidUtf8("a\xff\xc3("), "a\xef\xbf\xbd\xef\xbf\xbd(");
}

}  // namespace
}  // namespace memwatch
