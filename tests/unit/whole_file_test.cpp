#include "collectors/whole_file.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "unit/test_support.h"

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

TEST(ScrapedFile, KeptProcfsDescriptorSeesFreshText) {
  char original[16] = {};
  ASSERT_EQ(prctl(PR_GET_NAME, original), 0);
  ScrapedFile comm("/proc/self/comm");
  ASSERT_TRUE(comm.read());
  ASSERT_EQ(prctl(PR_SET_NAME, "mw-kept-fd"), 0);
  auto renamed = comm.read();
  prctl(PR_SET_NAME, original);
  ASSERT_TRUE(renamed) << renamed.error().message;
  EXPECT_EQ(renamed.value(), "mw-kept-fd\n");
}

TEST(ScrapedFile, OrdinaryFileIsOpenedAnewEachTime) {
  std::string path = ::testing::TempDir() + "/memwatch-scraped-" + std::to_string(getpid());
  auto write = [](const std::string& target, const char* text) {
    std::string staging = target + ".new";
    FILE* f = std::fopen(staging.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(text, f);
    std::fclose(f);
    ASSERT_EQ(std::rename(staging.c_str(), target.c_str()), 0);
  };
  write(path, "first\n");
  ScrapedFile file(path);
  EXPECT_EQ(file.read().value(), "first\n");
  write(path, "second\n");  // a new inode, as a test rewriting its fixture makes
  EXPECT_EQ(file.read().value(), "second\n");
  unlink(path.c_str());
  auto gone = file.read();
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().errnum, ENOENT);
}

}  // namespace
}  // namespace memwatch
