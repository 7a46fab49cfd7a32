// Tests of OpenFdCount: every open descriptor counted on repeated calls, past one getdents64
// buffer, and nothing for a missing directory.
#include "collectors/procfs/open_fd_count.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

namespace memwatch {
namespace {

TEST(OpenFdCount, CountsEveryOpenDescriptorAgainAndAgain) {
  OpenFdCount counter("/proc/self/fd");
  std::optional<std::size_t> before = counter.count();
  ASSERT_TRUE(before);
  EXPECT_GE(*before, 4u);              // stdin, stdout, stderr and the directory itself
  EXPECT_EQ(counter.count(), before);  // read again from the start, not from where it ended

  // More than one 4 KiB getdents64 buffer holds.
  std::vector<int> opened;
  for (int i = 0; i < 300; ++i) opened.push_back(open("/dev/null", O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(counter.count(), *before + 300);
  for (int fd : opened) close(fd);
  EXPECT_EQ(counter.count(), before);
}

TEST(OpenFdCount, AMissingDirectoryCountsNothing) {
  EXPECT_EQ(OpenFdCount("/proc/self/no-such-directory").count(), std::nullopt);
}

}  // namespace
}  // namespace memwatch
