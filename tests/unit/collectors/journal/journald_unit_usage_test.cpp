// Tests of journald's unit cgroup: its path per namespace, cpu.stat and memory.stat of both
// cgroup versions, and the lookup on a fake sysfs (unified, hybrid, v1 memory, none).
#include "collectors/journal/journald_unit_usage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace memwatch {
namespace {

TEST(JournaldUnitCgroup, IsTheServiceOrTheTemplateInstanceInItsSlice) {
  EXPECT_EQ(journaldUnitCgroup(""), "system.slice/systemd-journald.service");
  EXPECT_EQ(journaldUnitCgroup("apps"),
            "system.slice/system-systemd\\x2djournald.slice/systemd-journald@apps.service");
}

TEST(JournaldUnitUsageParsers, ReadCpuAndResidentMemoryOfBothVersions) {
  EXPECT_DOUBLE_EQ(*parseCgroupCpuSeconds("usage_usec 2500000\nuser_usec 1\nsystem_usec 2\n"), 2.5);
  EXPECT_FALSE(parseCgroupCpuSeconds("user_usec 1\n"));
  EXPECT_FALSE(parseCgroupCpuSeconds("usage_usec x\n"));
  EXPECT_DOUBLE_EQ(*parseCgroupResidentBytes("anon 4096\nfile 99999\nfile_mapped 1024\n"), 5120);
  EXPECT_DOUBLE_EQ(*parseCgroupResidentBytes("cache 99\nrss 8192\nmapped_file 8192\n"), 16384);
  // A key that merely starts like another is not it: anon_thp is not anon.
  EXPECT_FALSE(parseCgroupResidentBytes("anon_thp 4096\nfile_mapped 1\n"));
}

// A sysfs tree of the test's own (--path.sysfs).
class JournaldUnitUsageLookup : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::remove_all(sysfs_); }
  void TearDown() override { std::filesystem::remove_all(sysfs_); }
  void write(const std::filesystem::path& relative, const std::string& text) {
    const std::filesystem::path path = sysfs_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  const std::filesystem::path sysfs_ =
      std::filesystem::path(::testing::TempDir()) / ("memwatch-sysfs-" + std::to_string(getpid()));
};

TEST_F(JournaldUnitUsageLookup, ReadsTheUnifiedHierarchy) {
  write("fs/cgroup/system.slice/systemd-journald.service/cpu.stat", "usage_usec 1000000\n");
  write("fs/cgroup/system.slice/systemd-journald.service/memory.stat", "anon 10\nfile_mapped 5\n");
  JournaldUnitUsage usage = readJournaldUnitUsage(sysfs_, "");
  EXPECT_DOUBLE_EQ(*usage.cpuSeconds, 1.0);
  EXPECT_DOUBLE_EQ(*usage.residentBytes, 15);
}

TEST_F(JournaldUnitUsageLookup, ReadsAHybridHostsUnifiedCpuAndV1Memory) {
  write("fs/cgroup/unified/system.slice/systemd-journald.service/cpu.stat", "usage_usec 3000000\n");
  write("fs/cgroup/memory/system.slice/systemd-journald.service/memory.stat",
        "rss 100\nmapped_file 20\n");
  JournaldUnitUsage usage = readJournaldUnitUsage(sysfs_, "");
  EXPECT_DOUBLE_EQ(*usage.cpuSeconds, 3.0);
  EXPECT_DOUBLE_EQ(*usage.residentBytes, 120);
}

TEST_F(JournaldUnitUsageLookup, HasNothingWithoutTheUnitsCgroup) {
  write("fs/cgroup/system.slice/other.service/cpu.stat", "usage_usec 1\n");
  JournaldUnitUsage usage = readJournaldUnitUsage(sysfs_, "apps");
  EXPECT_FALSE(usage.cpuSeconds);
  EXPECT_FALSE(usage.residentBytes);
}

}  // namespace
}  // namespace memwatch
