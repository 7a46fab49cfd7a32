// The observer of journald: its pid kept while it lives, its budget under the configuration root.
#include "collectors/journal/journald_observer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/unit/collectors/journal/procfs_tree.h"

namespace memwatch {
namespace {

namespace fs = std::filesystem;
using JournaldLookup = testing::ProcfsTree;

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
