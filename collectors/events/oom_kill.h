#pragma once

// One OOM kill and its victim: one kind of Event.

#include <cstdint>
#include <optional>
#include <string>

namespace memwatch {

// What is known of one kill: the victim, its sizes, what constrained the kill and who killed.
struct OomKill {
  std::uint64_t sequence = 0;  // of the kmsg record that reported the kill
  std::uint64_t monotonicMicroseconds = 0;
  double wallClockSeconds = 0;  // set by whoever knows how printk's clock maps to wall time
  int pid = 0;
  std::string comm;
  std::optional<std::uint32_t> uid;
  std::string cgroup;             // the victim's memory cgroup, "" when the kernel did not say
  std::string unit;               // derived from cgroup, "" when none
  std::string constraint;         // none, memcg, cpuset, memory_policy
  std::string killer = "kernel";  // or a userspace killer: "systemd-oomd", "earlyoom"
  // Why a userspace killer killed, in its words ("memory-used", "memory-pressure" for
  // systemd-oomd; the signal sent for earlyoom); "" for the kernel, which says it in `constraint`.
  std::string reason;
  std::uint64_t totalVmBytes = 0;
  std::uint64_t anonRssBytes = 0;
  std::uint64_t fileRssBytes = 0;
  std::uint64_t shmemRssBytes = 0;
  std::optional<int> oomScoreAdj;
  // The task whose allocation invoked the OOM killer, when its header line was printed (the
  // kernel rate-limits it to 10 per 5 s).
  std::optional<std::string> invokedBy;
  std::optional<std::string> gfpMask;
  std::optional<int> order;
};

}  // namespace memwatch
