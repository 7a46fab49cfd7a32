// journald's process lookup (findJournaldPid) and the observer that keeps it, on a /proc tree
// made for the test: --path.procfs is where both look.
#include "collectors/journal/journald_observer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "collectors/journal/journald_process.h"

namespace memwatch {
namespace {

namespace fs = std::filesystem;

class JournaldLookup : public ::testing::Test {
 protected:
  void SetUp() override {
    procfs_ = fs::path(::testing::TempDir()) / ("memwatch-procfs-" + std::to_string(getpid()));
    fs::remove_all(procfs_);
    addProcess("100", "systemd-journal\n", std::string("/lib/systemd/systemd-journald\0", 30));
    addProcess("200", "systemd-journal\n",
               std::string("/lib/systemd/systemd-journald\0apps\0", 35));
    addProcess("300", "bash\n", std::string("bash\0apps\0", 10));
    addProcess("self", "systemd-journal\n", std::string("x\0", 2));  // not a pid
  }
  void TearDown() override { fs::remove_all(procfs_); }

  void addProcess(const std::string& pid, const std::string& comm, const std::string& cmdline) {
    fs::create_directories(procfs_ / pid);
    std::ofstream(procfs_ / pid / "comm") << comm;
    std::ofstream(procfs_ / pid / "cmdline", std::ios::binary) << cmdline;
  }

  fs::path procfs_;
};

TEST_F(JournaldLookup, FindsTheJournaldOfTheSystemJournalOrOfANamespace) {
  EXPECT_EQ(findJournaldPid(procfs_, ""), 100);
  EXPECT_EQ(findJournaldPid(procfs_, "apps"), 200);
  EXPECT_EQ(findJournaldPid(procfs_, "other"), 0);
  EXPECT_EQ(findJournaldPid(procfs_ / "missing", ""), 0);
}

TEST_F(JournaldLookup, TheObserverKeepsItsPidUntilThatProcessIsGone) {
  JournaldObserver observer(JournalSource{.nameSpace = "apps", .directory = ""}, procfs_, "/");
  EXPECT_EQ(observer.journaldPid(), 200);
  addProcess("150", "systemd-journal\n", std::string("/lib/systemd/systemd-journald\0apps\0", 35));
  EXPECT_EQ(observer.journaldPid(), 200);  // no new scan while 200 lives
  fs::remove_all(procfs_ / "200");         // journald restarted as 150
  EXPECT_EQ(observer.journaldPid(), 150);
}

TEST_F(JournaldLookup, FilesReadFromADirectoryHaveNoJournald) {
  JournaldObserver observer(JournalSource{.nameSpace = "", .directory = "/var/log/x"}, procfs_,
                            "/");
  EXPECT_EQ(observer.journaldPid(), 0);
}

TEST_F(JournaldLookup, TheBudgetIsReadUnderTheConfigurationRoot) {
  const fs::path root = procfs_ / "root";
  fs::create_directories(root / "etc/systemd");
  std::ofstream(root / "etc/systemd/journald@apps.conf") << "[Journal]\nSystemMaxUse=300M\n";
  JournaldObserver observer(JournalSource{.nameSpace = "apps", .directory = ""}, procfs_, root);
  EXPECT_EQ(observer.diskBudget(), std::uint64_t{300} << 20);
}

}  // namespace
}  // namespace memwatch
