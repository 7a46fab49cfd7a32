// Tests of ScrapedFile: a kept procfs descriptor sees fresh text, an ordinary file is opened anew,
// and threads sharing one descriptor each get whole texts.
#include "collectors/base/scraped_file.h"

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

TEST(ScrapedFile, ThreadsReadingOneKeptDescriptorGetWholeTexts) {
  // The kernel keeps one generated text per open file: a pread from offset 0 by one thread in the
  // middle of another's read regenerated it and tore that read: a stray tail, about once in
  // 70 000 reads with eight threads, so this catches the tearing in about 19 runs out of 20.
  ScrapedFile vmstat("/proc/vmstat");
  Expected<std::string> first = vmstat.read();
  ASSERT_TRUE(first);
  const std::size_t lines = splitLines(first.value()).size();
  auto whole = [lines](const Expected<std::string>& text) {
    if (!text || text.value().empty() || text.value().back() != '\n') return false;
    std::vector<std::string_view> split = splitLines(text.value());
    for (std::string_view line : split) {
      if (line.find(' ') == std::string_view::npos) return false;  // every line is "name value"
    }
    return split.size() == lines;
  };
  std::atomic<int> torn = 0;
  std::vector<std::thread> readers;
  for (int t = 0; t < 8; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 25000; ++i) {
        if (!whole(vmstat.read())) ++torn;
      }
    });
  }
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(torn, 0);
}

}  // namespace
}  // namespace memwatch
