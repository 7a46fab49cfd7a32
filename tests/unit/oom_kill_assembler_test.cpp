#include "collectors/oom_kill_assembler.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "collectors/kmsg_record.h"
#include "unit/test_support.h"

namespace memwatch {
namespace {

// Feeds a captured log, one record per line as --path.kmsg reads it, through the assembler.
std::vector<OomKill> killsIn(const std::string& fixtureName) {
  std::ifstream file(testing::fixture("kmsg/" + fixtureName), std::ios::binary);
  EXPECT_TRUE(file) << fixtureName;
  OomKillAssembler assembler;
  std::vector<OomKill> kills;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line.front() == ' ') continue;  // continuation lines
    Expected<KmsgRecord> record = parseKmsgRecord(line);
    if (!record) continue;
    if (std::optional<OomKill> kill = assembler.add(record.value())) kills.push_back(*kill);
  }
  return kills;
}

TEST(OomKillAssembler, RealCaptureFromLinux618MemcgV1) {
  std::vector<OomKill> kills = killsIn("linux-6.18-memcg-v1.kmsg");
  ASSERT_EQ(kills.size(), 1u);
  const OomKill& kill = kills[0];
  EXPECT_EQ(kill.pid, 18693);
  EXPECT_EQ(kill.comm, "python3");
  EXPECT_EQ(kill.uid, 0u);
  EXPECT_EQ(kill.cgroup, "/mwprobe");
  EXPECT_EQ(kill.unit, "");
  EXPECT_EQ(kill.constraint, "memcg");
  EXPECT_EQ(kill.killer, "kernel");
  EXPECT_EQ(kill.totalVmBytes, 42264u * 1024);
  EXPECT_EQ(kill.anonRssBytes, 32512u * 1024);
  EXPECT_EQ(kill.fileRssBytes, 6468u * 1024);
  EXPECT_EQ(kill.shmemRssBytes, 0u);
  EXPECT_EQ(kill.oomScoreAdj, 0);
  EXPECT_EQ(kill.invokedBy, "python3");
  EXPECT_EQ(kill.gfpMask, "0xcc0(GFP_KERNEL)");
  EXPECT_EQ(kill.order, 0);
  EXPECT_EQ(kill.sequence, 416u);
  EXPECT_EQ(kill.monotonicMicroseconds, 12836153971u);
}

TEST(OomKillAssembler, Linux54GlobalKillWithSpaceInComm) {
  std::vector<OomKill> kills = killsIn("linux-5.4-global.kmsg");
  ASSERT_EQ(kills.size(), 1u);  // the oom_reaper line is not a second kill
  EXPECT_EQ(kills[0].pid, 4242);
  EXPECT_EQ(kills[0].comm, "stress-ng vm");
  EXPECT_EQ(kills[0].constraint, "none");
  EXPECT_EQ(kills[0].cgroup, "/system.slice/stress.service");
  EXPECT_EQ(kills[0].unit, "stress.service");
  EXPECT_EQ(kills[0].uid, 1000u);
  EXPECT_EQ(kills[0].anonRssBytes, 7920000ull * 1024);
  EXPECT_EQ(kills[0].invokedBy, "stress-ng vm");
  EXPECT_EQ(kills[0].gfpMask, "0x100cca(GFP_HIGHUSER_MOVABLE)");
}

TEST(OomKillAssembler, Linux414TaskInCgroupAndKillProcess) {
  std::vector<OomKill> kills = killsIn("linux-4.14-memcg.kmsg");
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_EQ(kills[0].pid, 3101);
  EXPECT_EQ(kills[0].constraint, "memcg");
  EXPECT_EQ(kills[0].cgroup, "/kubepods/burstable/pod1234/abc");
  EXPECT_EQ(kills[0].unit, "");
  EXPECT_EQ(kills[0].uid, std::nullopt);  // 4.14 does not print it
  EXPECT_EQ(kills[0].oomScoreAdj, std::nullopt);
  EXPECT_EQ(kills[0].totalVmBytes, 1187332ull * 1024);
  EXPECT_EQ(kills[0].invokedBy, "python3");
}

TEST(OomKillAssembler, Rhel7KilledProcessWithCommaUid) {
  std::vector<OomKill> kills = killsIn("rhel7-3.10.kmsg");
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_EQ(kills[0].pid, 2828);
  EXPECT_EQ(kills[0].comm, "java");
  EXPECT_EQ(kills[0].uid, 1001u);
  EXPECT_EQ(kills[0].constraint, "none");  // from the "Out of memory: Kill process" prefix
  EXPECT_EQ(kills[0].anonRssBytes, 7364436ull * 1024);
  EXPECT_EQ(kills[0].gfpMask, "0x201da");
}

// Only "Killed process" lines survive the kernel's rate limit for most kills; user-space lines
// forged into /dev/kmsg, truncated records and garbage never become kills.
TEST(OomKillAssembler, RateLimitedSequenceWithForgedAndBrokenRecords) {
  std::vector<OomKill> kills = killsIn("rate-limited.kmsg");
  ASSERT_EQ(kills.size(), 4u);
  EXPECT_EQ(kills[0].pid, 7001);
  EXPECT_EQ(kills[0].comm, "Web Content");
  EXPECT_EQ(kills[0].unit, "app-firefox.scope");
  EXPECT_EQ(kills[0].shmemRssBytes, 4000u * 1024);
  EXPECT_EQ(kills[0].invokedBy, "Web Content");

  EXPECT_EQ(kills[1].pid, 7002);
  EXPECT_EQ(kills[1].comm, "my (odd) app");
  EXPECT_EQ(kills[1].constraint, "memcg");  // from the prefix alone
  EXPECT_EQ(kills[1].cgroup, "");
  EXPECT_EQ(kills[1].invokedBy, std::nullopt);  // the header belonged to the first kill

  EXPECT_EQ(kills[2].pid, 7003);
  EXPECT_EQ(kills[2].comm, "worker.1-a");
  EXPECT_EQ(kills[3].pid, 7005);
  EXPECT_EQ(kills[3].constraint, "none");
  EXPECT_EQ(kills[3].oomScoreAdj, -1000);
}

KmsgRecord kernelRecord(std::uint64_t sequence, std::uint64_t usec, std::string_view text) {
  return KmsgRecord{
      .facility = 0, .level = 3, .sequence = sequence, .monotonicMicroseconds = usec, .text = text};
}

// A summary about another pid (its kill was never printed) must not lend its cgroup to the next.
TEST(OomKillAssembler, SummaryOfAnotherPidIsNotUsed) {
  OomKillAssembler assembler;
  EXPECT_FALSE(assembler.add(
      kernelRecord(1, 1000,
                   "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
                   "oom_memcg=/a,task_memcg=/a/b.service,task=x,pid=10,uid=0")));
  std::optional<OomKill> kill = assembler.add(kernelRecord(
      2, 2000, "Killed process 11 (y) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB"));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->cgroup, "");
  EXPECT_EQ(kill->constraint, "none");
}

// A header whose kill never came (no killable task) is forgotten after a few seconds.
TEST(OomKillAssembler, StaleHeaderIsForgotten) {
  OomKillAssembler assembler;
  EXPECT_FALSE(assembler.add(kernelRecord(
      1, 1'000'000,
      "bash invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0")));
  std::optional<OomKill> kill = assembler.add(
      kernelRecord(2, 60'000'000,
                   "Out of memory: Killed process 11 (y) total-vm:4kB, anon-rss:4kB, file-rss:0kB, "
                   "shmem-rss:0kB"));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->invokedBy, std::nullopt);
}

TEST(OomKillAssembler, IgnoresUserFacility) {
  OomKillAssembler assembler;
  KmsgRecord forged = kernelRecord(
      1, 1, "Killed process 11 (y) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB");
  forged.facility = 1;
  EXPECT_FALSE(assembler.add(forged));
}

// Hostile input: random bytes and mutilated OOM lines never crash the parsers, and nothing but a
// well-formed kernel record becomes a kill.
TEST(OomKillAssembler, SurvivesRandomAndMutilatedRecords) {
  const std::string killed =
      "3,1,1,-;Out of memory: Killed process 4242 (a b) total-vm:8kB, anon-rss:4kB, "
      "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0";
  std::mt19937 random(42);
  OomKillAssembler assembler;
  for (int round = 0; round < 20000; ++round) {
    std::string record = killed;
    // Truncate, flip bytes or both; round 0 stays intact.
    if (round > 0) {
      if (random() % 2) record.resize(random() % record.size());
      for (int flips = static_cast<int>(random() % 4); flips > 0 && !record.empty(); --flips) {
        record[random() % record.size()] = static_cast<char>(random() % 256);
      }
    }
    Expected<KmsgRecord> parsed = parseKmsgRecord(record);
    if (!parsed) continue;
    std::optional<OomKill> kill = assembler.add(parsed.value());
    if (kill) {
      EXPECT_EQ(parsed.value().facility, 0u);
      EXPECT_GT(kill->pid, 0);
      EXPECT_LE(kill->comm.size(), 60u);
    }
  }
}

}  // namespace
}  // namespace memwatch
