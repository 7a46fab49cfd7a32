#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace memwatch {

// The kernel's OOM lines, kernel 3.10 to 6.x, one struct per kind. Pure: text in, value out.

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

// "oom_reaper: reaped process N (comm), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"
struct OomReaped {
  int pid = 0;
  std::string comm;
};

using OomMessage = std::variant<OomInvoked, OomKillSummary, OomTaskInCgroup, OomKillChosen,
                                OomKilledProcess, OomReaped>;

// The OOM line this kernel text is, or nothing for any other text (or a malformed OOM line).
std::optional<OomMessage> parseOomMessage(std::string_view text);

}  // namespace memwatch
