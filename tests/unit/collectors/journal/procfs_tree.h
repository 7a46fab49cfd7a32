#pragma once

// A /proc tree made for a test: two journalds (the system one, pid 100, and namespace "apps", pid
// 200), a shell and a "self" entry, under a directory of its own (--path.procfs).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace memwatch::testing {

namespace fs = std::filesystem;

class ProcfsTree : public ::testing::Test {
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

}  // namespace memwatch::testing
