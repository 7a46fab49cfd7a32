// Tests of the PSI trigger spec parser: the defaults' form, the text written to the kernel, and
// each mistake refused with its reason.
#include "collectors/procfs/pressure_trigger_spec.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(PressureTriggerSpec, ParsesResourceKindStallAndWindow) {
  auto spec = parsePressureTriggerSpec("memory some 70000 1000000");
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec.value(), (PressureTriggerSpec{.resource = "memory",
                                               .kind = "some",
                                               .stallMicroseconds = 70000,
                                               .windowMicroseconds = 1000000}));
  EXPECT_EQ(spec.value().kernelText(), "some 70000 1000000");
  EXPECT_EQ(spec.value().text(), "memory some 70000 1000000");
}

TEST(PressureTriggerSpec, AcceptsEveryResourceAndKindAndTheWindowBounds) {
  for (const char* text :
       {"cpu full 1 500000", "io some 10000000 10000000", "  memory   full 100000 2000000\t"}) {
    EXPECT_TRUE(parsePressureTriggerSpec(text)) << text;
  }
  // cpu full is the kernel's to refuse (before 5.13), not the parser's.
  EXPECT_EQ(parsePressureTriggerSpec("cpu full 1 500000").value().kind, "full");
}

TEST(PressureTriggerSpec, RefusesMistakesWithTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"memory some 70000", "expected RESOURCE KIND STALL_US WINDOW_US"},
      {"memory some 70000 1000000 x", "expected RESOURCE KIND STALL_US WINDOW_US"},
      {"", "expected RESOURCE KIND STALL_US WINDOW_US"},
      {"irq full 1000 1000000", "the resource must be memory, cpu or io"},
      {"memory most 1000 1000000", "the kind must be some or full"},
      {"memory some 70ms 1s", "whole numbers of microseconds"},
      {"memory some -1 1000000", "whole numbers of microseconds"},
      {"memory some 1000 499999", "the window must be from 500000 to 10000000 us"},
      {"memory some 1000 20000000", "the window must be from 500000 to 10000000 us"},
      {"memory some 0 1000000", "the stall must be from 1 us to the window"},
      {"memory some 1000001 1000000", "the stall must be from 1 us to the window"},
  };
  for (const auto& [text, why] : cases) {
    auto spec = parsePressureTriggerSpec(text);
    ASSERT_FALSE(spec) << text;
    EXPECT_NE(spec.error().message.find(why), std::string::npos) << spec.error().message;
    EXPECT_EQ(spec.error().message.rfind(std::string("'") + text + "'", 0), 0u)
        << spec.error().message;
  }
}

}  // namespace
}  // namespace memwatch
