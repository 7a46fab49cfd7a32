// Tests of unitFromCgroup(): the innermost unit of a cgroup path, and nothing without one.
#include "collectors/oom/cgroup_unit.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(UnitFromCgroup, TakesTheInnermostUnit) {
  EXPECT_EQ(unitFromCgroup("/user.slice/user-1000.slice/user@1000.service/app.slice/"
                           "app-firefox.scope"),
            "app-firefox.scope");
  EXPECT_EQ(unitFromCgroup("/system.slice/nginx.service"), "nginx.service");
  EXPECT_EQ(unitFromCgroup("/system.slice/docker-0123abcd.scope/inner"), "docker-0123abcd.scope");
  EXPECT_EQ(unitFromCgroup("/system.slice"), "system.slice");
}

TEST(UnitFromCgroup, EmptyWithoutAUnit) {
  EXPECT_EQ(unitFromCgroup(""), "");
  EXPECT_EQ(unitFromCgroup("/"), "");
  EXPECT_EQ(unitFromCgroup("/kubepods/burstable/pod1/abc"), "");
  EXPECT_EQ(unitFromCgroup("/.service"), "");
}

}  // namespace
}  // namespace memwatch
