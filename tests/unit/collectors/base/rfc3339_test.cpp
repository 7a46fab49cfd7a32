// Tests of rfc3339(): UTC to the millisecond, a leap day, and fractions cut rather than rounded up.
#include "collectors/base/rfc3339.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(Rfc3339, UtcToTheMillisecond) {
  EXPECT_EQ(rfc3339(1795583521.686), "2026-11-25T05:12:01.686Z");
  EXPECT_EQ(rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339(951782400.5), "2000-02-29T00:00:00.500Z");  // a leap day
}

TEST(Rfc3339, CutsRatherThanRoundsUpIntoTheNextSecond) {
  EXPECT_EQ(rfc3339(1.9999), "1970-01-01T00:00:01.999Z");
}

}  // namespace
}  // namespace memwatch
