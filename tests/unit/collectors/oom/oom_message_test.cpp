// Tests of the OOM line parsers: each kernel generation's header, summaries with commas, killed
// process variants and hostile comms, and broken lines.
#include "collectors/oom/oom_message.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace memwatch {
namespace {

template <typename T>
T expectKind(std::string_view text) {
  std::optional<OomMessage> message = parseOomMessage(text);
  EXPECT_TRUE(message) << text;
  if (!message) return T{};
  const T* value = std::get_if<T>(&*message);
  EXPECT_NE(value, nullptr) << text;
  return value ? *value : T{};
}

TEST(OomMessage, InvokedHeaderOfEachGeneration) {
  auto v6 = expectKind<OomInvoked>(
      "python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0");
  EXPECT_EQ(v6.comm, "python3");
  EXPECT_EQ(v6.gfpMask, "0xcc0(GFP_KERNEL)");
  EXPECT_EQ(v6.order, 0);
  auto v4 = expectKind<OomInvoked>(
      "kworker/u8:2 invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), "
      "nodemask=(null), order=-1, oom_score_adj=-1000");
  EXPECT_EQ(v4.comm, "kworker/u8:2");
  EXPECT_EQ(v4.order, -1);
  EXPECT_EQ(v4.oomScoreAdj, -1000);
  auto spaces = expectKind<OomInvoked>(
      "Web Content invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0");
  EXPECT_EQ(spaces.comm, "Web Content");
}

// 4.9 to 4.18 print the nodemask with pr_cont and then ",  order=" with two spaces.
TEST(OomMessage, InvokedHeaderWithTwoSpacesBeforeOrder) {
  auto v414 = expectKind<OomInvoked>(
      "python3 invoked oom-killer: gfp_mask=0x14000c0(GFP_KERNEL), nodemask=(null),  order=2, "
      "oom_score_adj=937");
  EXPECT_EQ(v414.gfpMask, "0x14000c0(GFP_KERNEL)");
  EXPECT_EQ(v414.order, 2);
  EXPECT_EQ(v414.oomScoreAdj, 937);
  auto nodes = expectKind<OomInvoked>(
      "a invoked oom-killer: gfp_mask=0x14200ca(GFP_HIGHUSER_MOVABLE), nodemask=0,2-3,  order=0, "
      "oom_score_adj=0");
  EXPECT_EQ(nodes.order, 0);
  EXPECT_EQ(nodes.oomScoreAdj, 0);
}

TEST(OomMessage, SummaryWithCommasInCommAndCgroup) {
  auto summary = expectKind<OomKillSummary>(
      "oom-kill:constraint=CONSTRAINT_CPUSET,nodemask=0-1,cpuset=/x,mems_allowed=0-1,"
      "oom_memcg=/a,b,task_memcg=/a,b/c.scope,task=a,task=b,pid=77,uid=4294967294");
  EXPECT_EQ(summary.constraint, "cpuset");
  EXPECT_EQ(summary.taskCgroup, "/a,b/c.scope");
  EXPECT_EQ(summary.comm, "a,task=b");
  EXPECT_EQ(summary.pid, 77);
  EXPECT_EQ(summary.uid, 4294967294u);
  auto global = expectKind<OomKillSummary>(
      "oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=1,cpuset=/,mems_allowed=0-1,"
      "global_oom,task_memcg=/,task=x,pid=1,uid=0");
  EXPECT_EQ(global.constraint, "memory_policy");
  EXPECT_EQ(global.taskCgroup, "/");
}

TEST(OomMessage, KilledProcessVariants) {
  auto v6 = expectKind<OomKilledProcess>(
      "Out of memory (oom_kill_allocating_task): Killed process 5 (a) b c) total-vm:8kB, "
      "anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:7 pgtables:4kB oom_score_adj:5");
  EXPECT_EQ(v6.pid, 5);
  EXPECT_EQ(v6.comm, "a) b c");
  EXPECT_EQ(v6.uid, 7u);
  EXPECT_EQ(v6.oomScoreAdj, 5);
  EXPECT_EQ(v6.prefixConstraint, "none");
  auto bare = expectKind<OomKilledProcess>(
      "Killed process 9 (x) total-vm:1kB, anon-rss:2kB, file-rss:3kB");  // 4.4: no shmem-rss
  EXPECT_EQ(bare.prefixConstraint, std::nullopt);
  EXPECT_EQ(bare.fileRssBytes, 3u * 1024);
  EXPECT_EQ(bare.shmemRssBytes, 0u);
}

// Any user can name a task anything of up to 15 bytes, the kernel's own tails included: the
// comm ends at the rightmost tail, and the line still parses, in every variant.
TEST(OomMessage, KilledProcessWithHostileComms) {
  const std::vector<std::string> comms = {"x) total-vm:1",
                                          "a), UID 1, b",
                                          ") total-vm:",
                                          "), UID 0, ",
                                          "(((",
                                          ")",
                                          "a) b (c)",
                                          "kB, anon-rss:",
                                          " ",
                                          "",
                                          "fifteen-bytes-x",
                                          "a\nb\\c)\x01"};
  const std::vector<std::pair<std::string, std::optional<std::string>>> prefixes = {
      {"", std::nullopt},
      {"Out of memory: ", "none"},
      {"Memory cgroup out of memory: ", "memcg"},
      {"Out of memory (oom_kill_allocating_task): ", "none"}};
  const std::vector<std::string> tails = {
      " total-vm:8kB, anon-rss:4kB, file-rss:2kB",  // 3.10 to 4.4
      " total-vm:8kB, anon-rss:4kB, file-rss:2kB, shmem-rss:1kB",
      " total-vm:8kB, anon-rss:4kB, file-rss:2kB, shmem-rss:1kB, UID:7 pgtables:4kB "
      "oom_score_adj:-5",
      ", UID 7, total-vm:8kB, anon-rss:4kB, file-rss:2kB, shmem-rss:1kB"};  // RHEL 7
  for (const std::string& comm : comms) {
    for (const auto& [prefix, constraint] : prefixes) {
      for (std::size_t tail = 0; tail < tails.size(); ++tail) {
        const std::string text = prefix + "Killed process 4242 (" + comm + ")" + tails[tail];
        auto killed = expectKind<OomKilledProcess>(text);
        EXPECT_EQ(killed.pid, 4242) << text;
        EXPECT_EQ(killed.comm, comm) << text;
        EXPECT_EQ(killed.totalVmBytes, 8u * 1024) << text;
        EXPECT_EQ(killed.anonRssBytes, 4u * 1024) << text;
        EXPECT_EQ(killed.fileRssBytes, 2u * 1024) << text;
        EXPECT_EQ(killed.prefixConstraint, constraint) << text;
        EXPECT_EQ(killed.uid, tail >= 2 ? std::optional<std::uint32_t>(7) : std::nullopt) << text;
      }
    }
    auto chosen = expectKind<OomKillChosen>("Out of memory: Kill process 9 (" + comm +
                                            ") score 1 or sacrifice child");
    EXPECT_EQ(chosen.comm, comm);
    auto reaped = expectKind<OomReaped>("oom_reaper: reaped process 9 (" + comm +
                                        "), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
    EXPECT_EQ(reaped.comm, comm);
    auto skipped = expectKind<OomNoKill>("Out of memory: OOM victim 9 (" + comm +
                                         ") is already exiting. Skip killing the task");
    EXPECT_EQ(skipped.pid, 9);
  }
  for (const char* nasty : {"x) score 1 or s", "a), now x"}) {
    EXPECT_EQ(expectKind<OomKillChosen>(std::string("Kill process 3 (") + nasty +
                                        ") score 7 or sacrifice child")
                  .comm,
              nasty);
    EXPECT_EQ(expectKind<OomReaped>(std::string("oom_reaper: reaped process 3 (") + nasty +
                                    "), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB")
                  .comm,
              nasty);
  }
  auto summary = expectKind<OomKillSummary>(
      "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
      "task_memcg=/a.service,task=x,pid=1,uid=2,pid=77,uid=0");
  EXPECT_EQ(summary.comm, "x,pid=1,uid=2");
  EXPECT_EQ(summary.pid, 77);
  EXPECT_EQ(summary.uid, 0u);
  EXPECT_EQ(summary.taskCgroup, "/a.service");
}

TEST(OomMessage, EpisodeEndsWithoutAKillAndGroupKills) {
  auto skipped = expectKind<OomNoKill>(
      "Memory cgroup out of memory: OOM victim 3804877 (stress) is already exiting. Skip killing "
      "the task");
  EXPECT_EQ(skipped.pid, 3804877);
  EXPECT_EQ(expectKind<OomNoKill>("Out of memory and no killable processes...").pid, 0);
  auto group = expectKind<OomGroupKill>(
      "Tasks in /kubepods.slice/pod1.slice are going to be killed due to memory.oom.group set");
  EXPECT_EQ(group.cgroup, "/kubepods.slice/pod1.slice");
  auto root =
      expectKind<OomGroupKill>("Tasks in / are going to be killed due to memory.oom.group set");
  EXPECT_EQ(root.cgroup, "/");
}

TEST(OomMessage, KillChosenTaskInAndReaper) {
  auto chosen = expectKind<OomKillChosen>(
      "Memory cgroup out of memory: Kill process 3 (a (b)) score 12 or sacrifice child");
  EXPECT_EQ(chosen.comm, "a (b)");
  EXPECT_EQ(chosen.prefixConstraint, "memcg");
  auto taskIn = expectKind<OomTaskInCgroup>("Task in /a/b killed as a result of limit of /a");
  EXPECT_EQ(taskIn.taskCgroup, "/a/b");
  EXPECT_EQ(taskIn.limitCgroup, "/a");
  auto reaped = expectKind<OomReaped>(
      "oom_reaper: reaped process 4 (z), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB");
  EXPECT_EQ(reaped.pid, 4);
}

TEST(OomMessage, RejectsOtherAndBrokenLines) {
  for (const char* text :
       {"", "systemd[1]: Started foo.service.", "Killed process 1 (x)",
        "Killed process x (y) total-vm:1kB, anon-rss:1kB, file-rss:1kB",
        "Killed process 1 (y) total-vm:1MB, anon-rss:1kB, file-rss:1kB",
        "Killed process 1 (y) total-vm:99999999999999999999kB, anon-rss:1kB, file-rss:1kB",
        "Killed process 1 (a-comm-that-is-far-longer-than-sixty-characters-so-cannot-be-one"
        "-at-all-really) total-vm:1kB, anon-rss:1kB, file-rss:1kB",
        "Killed process 1 (y), UID total-vm:1kB, anon-rss:1kB, file-rss:1kB",
        "oom-kill:constraint=CONSTRAINT_BOGUS,task=x,pid=1,uid=0",
        "oom-kill:constraint=CONSTRAINT_NONE,task=x,pid=zero,uid=0",
        " invoked oom-killer: gfp_mask=0x0, order=0",
        "Killed process 1 (sixteen-bytes-xx) total-vm:1kB, anon-rss:1kB, file-rss:1kB",
        "OOM victim 1 (x) is not exiting", "OOM victim x (y) is already exiting. Skip",
        "Tasks in  are going to be killed due to memory.oom.group set",
        "Tasks in /a are going to be killed", "Out of memory and no killable processes"}) {
    EXPECT_FALSE(parseOomMessage(text)) << text;
  }
}

}  // namespace
}  // namespace memwatch
