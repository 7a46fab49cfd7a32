// Tests of whole-file reads: procfs files that report size zero, errno of a missing file, an
// endless file stopped at the bound, and a FIFO without a writer.
#include "collectors/base/whole_file.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <thread>
#include <vector>

#include "collectors/base/text_scan.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

TEST(WholeFile, ReadsProcfsFilesThatReportSizeZero) {
  auto text = readWholeFile("/proc/self/status");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_NE(text.value().find("Name:"), std::string::npos);
}

TEST(WholeFile, MissingFileCarriesErrno) {
  auto text = readWholeFile(testing::fixture("nope"));
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().errnum, ENOENT);
  EXPECT_NE(text.error().message.find("fixtures/nope"), std::string::npos);
}

TEST(WholeFile, EndlessFileIsRefusedAtTheBound) {
  auto text = readWholeFile("/dev/zero", 64 * 1024);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().errnum, EFBIG);
}

TEST(WholeFile, FifoWithoutWriterDoesNotHang) {
  std::string path = ::testing::TempDir() + "/memwatch-fifo-" + std::to_string(getpid());
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  auto text = readWholeFile(path);
  unlink(path.c_str());
  ASSERT_TRUE(text);
  EXPECT_TRUE(text.value().empty());
}

}  // namespace
}  // namespace memwatch
