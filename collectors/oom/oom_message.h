#pragma once

// Parsers of the kernel's OOM lines, kernel 3.10 to 6.x.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace memwatch {

// The kernel's OOM lines, kernel 3.10 to 6.x, one struct per kind. Pure: text in, value out. The
// text is a record's with the kernel's \xNN escapes already decoded, so a comm is what the task
// called itself: at most 15 bytes, any of them but NUL.

// "<comm> invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0"
struct OomInvoked {
  std::string comm;
  std::string gfpMask;
  std::optional<int> order;
  std::optional<int> oomScoreAdj;
};

// 5.0+: "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,
// oom_memcg=/a|global_oom,task_memcg=/a/b,task=comm,pid=N,uid=U"
struct OomKillSummary {
  std::string constraint;  // none, memcg, cpuset, memory_policy
  std::string taskCgroup;
  std::string comm;
  int pid = 0;
  std::optional<std::uint32_t> uid;
};

// <= 4.19, memory cgroup kills: "Task in /a/b killed as a result of limit of /a"
struct OomTaskInCgroup {
  std::string taskCgroup;
  std::string limitCgroup;
};

// <= 4.19: "[prefix: ]Kill process N (comm) score S or sacrifice child"
struct OomKillChosen {
  int pid = 0;
  std::string comm;
  std::optional<std::string> prefixConstraint;
};

// "[prefix: ]Killed process N (comm) total-vm:..kB, anon-rss:..kB, file-rss:..kB,
// shmem-rss:..kB[, UID:U pgtables:..kB oom_score_adj:A]" and RHEL 7's
// "Killed process N (comm), UID U, total-vm:..kB, ...". The one line printed for every kill.
struct OomKilledProcess {
  int pid = 0;
  std::string comm;
  std::uint64_t totalVmBytes = 0;
  std::uint64_t anonRssBytes = 0;
  std::uint64_t fileRssBytes = 0;
  std::uint64_t shmemRssBytes = 0;
  std::optional<std::uint32_t> uid;
  std::optional<int> oomScoreAdj;
  // From "Memory cgroup out of memory:" (memcg) or "Out of memory:" (none); absent without one.
  std::optional<std::string> prefixConstraint;
};

// The episode ends without the kill it was about: "[prefix: ]OOM victim N (comm) is already
// exiting. Skip killing the task" (5.3+; the victim lost its memory between being chosen and
// being killed) and "Out of memory and no killable processes..." (pid 0: no victim at all).
struct OomNoKill {
  int pid = 0;
};

// 4.19+, after the victim's line: "Tasks in /a/b are going to be killed due to memory.oom.group
// set". The "Killed process" lines that follow are the other tasks of that cgroup.
struct OomGroupKill {
  std::string cgroup;
};

// "oom_reaper: reaped process N (comm), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"
struct OomReaped {
  int pid = 0;
  std::string comm;
};

using OomMessage = std::variant<OomInvoked, OomKillSummary, OomTaskInCgroup, OomKillChosen,
                                OomKilledProcess, OomNoKill, OomGroupKill, OomReaped>;

// The OOM line this kernel text is, or nothing for any other text (or a malformed OOM line).
std::optional<OomMessage> parseOomMessage(std::string_view text);

}  // namespace memwatch
