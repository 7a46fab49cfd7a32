// Tests of OomKillAssembler on kernel logs of 3.10 (RHEL 7) to 6.18, and on rate-limited, stale,
// forged, escaped, mutilated and random records.
#include "collectors/oom/oom_kill_assembler.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/oom/kmsg_record.h"
#include "tests/unit/test_support.h"

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
  // The header says "nodemask=(null),  order=0" with two spaces.
  EXPECT_EQ(kills[0].gfpMask, "0x14000c0(GFP_KERNEL)");
  EXPECT_EQ(kills[0].order, 0);
}

// 5.0 to 5.2 print both the "oom-kill:" summary and "Kill process .. or sacrifice child": both
// name the parent chosen, "Killed process" the child killed in its place. (4.19 has the second
// but not yet the summary, which came with 5.0.)
TEST(OomKillAssembler, Linux51SummaryNamesTheParentOfTheSacrificedChild) {
  std::vector<OomKill> kills = killsIn("linux-5.1-sacrifice-child.kmsg");
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_EQ(kills[0].pid, 2001);
  EXPECT_EQ(kills[0].comm, "app-worker");
  EXPECT_EQ(kills[0].cgroup, "/system.slice/app.service");
  EXPECT_EQ(kills[0].unit, "app.service");
  EXPECT_EQ(kills[0].uid, 1000u);
  EXPECT_EQ(kills[0].constraint, "memcg");
  EXPECT_EQ(kills[0].anonRssBytes, 118000u * 1024);
  EXPECT_EQ(kills[0].invokedBy, "app-worker");
  EXPECT_EQ(kills[0].order, 0);
}

// memory.oom.group: after the victim, every other task of the group's cgroup is killed, each
// reported with the group's cgroup and the episode's header; a member already exiting does not
// end the group, and a kill seconds later is not one of it.
TEST(OomKillAssembler, Linux515OomGroupKillsTheWholePod) {
  std::vector<OomKill> kills = killsIn("linux-5.15-oom-group.kmsg");
  ASSERT_EQ(kills.size(), 4u);
  const std::string pod =
      "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod10d16a28.slice";
  EXPECT_EQ(kills[0].pid, 68061);
  EXPECT_EQ(kills[0].cgroup, pod + "/cri-containerd-178ec18073cc.scope");
  EXPECT_EQ(kills[0].unit, "cri-containerd-178ec18073cc.scope");
  EXPECT_EQ(kills[0].constraint, "memcg");
  EXPECT_EQ(kills[0].invokedBy, "stress");
  for (std::size_t i : {1, 2}) {
    EXPECT_EQ(kills[i].cgroup, pod) << i;
    EXPECT_EQ(kills[i].unit, "kubepods-burstable-pod10d16a28.slice") << i;
    EXPECT_EQ(kills[i].constraint, "memcg") << i;
    EXPECT_EQ(kills[i].invokedBy, "stress") << i;
    EXPECT_EQ(kills[i].gfpMask, "0xcc0(GFP_KERNEL)") << i;
  }
  EXPECT_EQ(kills[1].pid, 68050);
  EXPECT_EQ(kills[1].uid, 0u);
  EXPECT_EQ(kills[2].pid, 68063);
  EXPECT_EQ(kills[2].comm, "stress worker");
  EXPECT_EQ(kills[2].uid, 1000u);
  EXPECT_EQ(kills[3].pid, 5000);
  EXPECT_EQ(kills[3].cgroup, "");
  EXPECT_EQ(kills[3].constraint, "none");
  EXPECT_EQ(kills[3].invokedBy, std::nullopt);
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
  return KmsgRecord{.facility = 0,
                    .level = 3,
                    .sequence = sequence,
                    .monotonicMicroseconds = usec,
                    .text = std::string(text)};
}

constexpr std::string_view kHeader =
    "bash invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=3, oom_score_adj=0";

std::string summaryOf(int pid) {
  return "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
         "oom_memcg=/a,task_memcg=/a/b.service,task=x,pid=" +
         std::to_string(pid) + ",uid=0";
}

std::string killedLine(int pid) {
  return "Memory cgroup out of memory: Killed process " + std::to_string(pid) +
         " (y) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB "
         "oom_score_adj:0";
}

// A victim already exiting ends its episode: the next kill, whose own header and summary were
// rate-limited away, must not take them.
TEST(OomKillAssembler, SkippedVictimEndsItsEpisode) {
  OomKillAssembler assembler;
  EXPECT_FALSE(assembler.add(kernelRecord(1, 1000, kHeader)));
  EXPECT_FALSE(assembler.add(kernelRecord(2, 1100, summaryOf(10))));
  EXPECT_FALSE(assembler.add(kernelRecord(
      3, 1200,
      "Memory cgroup out of memory: OOM victim 10 (x) is already exiting. Skip killing the task")));
  std::optional<OomKill> kill = assembler.add(kernelRecord(4, 100'000, killedLine(11)));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->pid, 11);
  EXPECT_EQ(kill->invokedBy, std::nullopt);
  EXPECT_EQ(kill->gfpMask, std::nullopt);
  EXPECT_EQ(kill->order, std::nullopt);
  EXPECT_EQ(kill->cgroup, "");
  EXPECT_EQ(kill->constraint, "memcg");  // its own prefix

  // The same when there was no victim at all.
  EXPECT_FALSE(assembler.add(kernelRecord(5, 200'000, kHeader)));
  EXPECT_FALSE(
      assembler.add(kernelRecord(6, 200'100, "Out of memory and no killable processes...")));
  kill = assembler.add(kernelRecord(7, 300'000, killedLine(12)));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->invokedBy, std::nullopt);
}

// Before 5.3 a victim without memory is skipped silently after "Kill process"; the next kill's
// own "Kill process" line (never rate-limited) shows the first one's lines are not its own.
TEST(OomKillAssembler, SecondKillProcessLineOpensANewEpisode) {
  OomKillAssembler assembler;
  EXPECT_FALSE(assembler.add(kernelRecord(1, 1000, kHeader)));
  EXPECT_FALSE(
      assembler.add(kernelRecord(2, 1100, "Task in /a/old killed as a result of limit of /a")));
  EXPECT_FALSE(assembler.add(kernelRecord(
      3, 1200, "Memory cgroup out of memory: Kill process 10 (x) score 9 or sacrifice child")));
  EXPECT_FALSE(assembler.add(
      kernelRecord(4, 9000, "Out of memory: Kill process 11 (y) score 9 or sacrifice child")));
  std::optional<OomKill> kill = assembler.add(kernelRecord(
      5, 9100, "Killed process 11 (y) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB"));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->invokedBy, std::nullopt);
  EXPECT_EQ(kill->cgroup, "");
  EXPECT_EQ(kill->constraint, "none");  // from its own "Out of memory: Kill process"
}

// The dump between header and kill can take many seconds on a slow serial console: the episode
// stays open while its records keep coming, and ends only after a quiet gap.
TEST(OomKillAssembler, StalenessCountsFromTheNewestRecord) {
  OomKillAssembler assembler;
  EXPECT_FALSE(assembler.add(kernelRecord(1, 0, kHeader)));
  std::uint64_t sequence = 2;
  for (std::uint64_t second = 1; second <= 8; ++second) {
    EXPECT_FALSE(
        assembler.add(kernelRecord(sequence++, second * 1'000'000, " dump_stack+0x6d/0x8b")));
  }
  EXPECT_FALSE(assembler.add(kernelRecord(sequence++, 8'100'000, summaryOf(10))));
  std::optional<OomKill> kill = assembler.add(kernelRecord(sequence++, 8'200'000, killedLine(10)));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->invokedBy, "bash");
  EXPECT_EQ(kill->order, 3);
  EXPECT_EQ(kill->cgroup, "/a/b.service");

  // 5.5 s of silence after a header: its kill never came, and this one is another's.
  EXPECT_FALSE(assembler.add(kernelRecord(sequence++, 20'000'000, kHeader)));
  kill = assembler.add(kernelRecord(sequence++, 25'500'000, killedLine(11)));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->invokedBy, std::nullopt);

  // A user-space record is no line of the episode and keeps nothing alive.
  EXPECT_FALSE(assembler.add(kernelRecord(sequence++, 30'000'000, kHeader)));
  KmsgRecord forged = kernelRecord(sequence++, 33'000'000, "systemd[1]: Started x.service.");
  forged.facility = 3;
  EXPECT_FALSE(assembler.add(forged));
  kill = assembler.add(kernelRecord(sequence++, 36'000'000, killedLine(12)));
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->invokedBy, std::nullopt);
}

// The kernel escapes '\\' and bytes outside printable ASCII; comm and cgroup come out as the task
// and systemd named them.
TEST(OomKillAssembler, DecodesEscapedCommAndCgroup) {
  OomKillAssembler assembler;
  const char* summary =
      "6,1,100,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,"
      "oom_memcg=/system.slice/system-foo.slice,task_memcg=/system.slice/system-foo.slice/"
      "foo@a\\x5cx2db.service,task=a\\x5cb,pid=42,uid=0";
  const char* killed =
      "3,2,200,-;Memory cgroup out of memory: Killed process 42 (a\\x5cb) total-vm:4kB, "
      "anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0";
  EXPECT_FALSE(assembler.add(parseKmsgRecord(summary).value()));
  std::optional<OomKill> kill = assembler.add(parseKmsgRecord(killed).value());
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->comm, "a\\b");
  EXPECT_EQ(kill->cgroup, "/system.slice/system-foo.slice/foo@a\\x2db.service");
  EXPECT_EQ(kill->unit, "foo@a\\x2db.service");

  // Fifteen unprintable bytes are sixty escaped ones, still one comm.
  std::string escaped;
  for (int i = 0; i < 15; ++i) escaped += "\\x01";
  kill = assembler.add(
      parseKmsgRecord("3,3,300,-;Out of memory: Killed process 43 (" + escaped +
                      "\\xc3) total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB")
          .value());
  EXPECT_FALSE(kill);  // sixteen bytes: no task has that comm
  kill = assembler.add(parseKmsgRecord("3,4,400,-;Out of memory: Killed process 43 (" + escaped +
                                       ") total-vm:4kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB")
                           .value());
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->comm, std::string(15, '\x01'));
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
      EXPECT_LE(kill->comm.size(), 15u);
    }
  }
}

}  // namespace
}  // namespace memwatch
