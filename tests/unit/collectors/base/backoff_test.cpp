// Tests of Backoff: delays that double up to the ceiling and start over after a reset.
#include "collectors/base/backoff.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(Backoff, DoublesUpToItsCeilingAndStartsOverAfterAReset) {
  Backoff backoff(1, 10);
  EXPECT_EQ(backoff.next(), 1u);
  EXPECT_EQ(backoff.next(), 2u);
  EXPECT_EQ(backoff.next(), 4u);
  EXPECT_EQ(backoff.next(), 8u);
  EXPECT_EQ(backoff.next(), 10u);
  EXPECT_EQ(backoff.next(), 10u);
  backoff.reset();
  EXPECT_EQ(backoff.next(), 1u);
}

}  // namespace
}  // namespace memwatch
