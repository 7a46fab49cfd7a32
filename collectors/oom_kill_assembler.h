#pragma once

#include <cstdint>
#include <optional>

#include "collectors/kmsg_record.h"
#include "collectors/oom_kill.h"
#include "collectors/oom_message.h"

namespace memwatch {

// Turns the kernel's OOM records into one OomKill per kill. The kernel prints "Killed process"
// for every kill, but rate-limits the lines before it (the "invoked oom-killer" header, the
// "oom-kill:" summary, "Task in"), so a kill is keyed on "Killed process" and enriched with
// whichever earlier lines of the same OOM episode made it through.
class OomKillAssembler {
 public:
  // Only kernel records count: text user space writes into /dev/kmsg is never a kill.
  std::optional<OomKill> add(const KmsgRecord& record);

 private:
  // Earlier lines older than this belong to an episode whose kill was never printed.
  static constexpr std::uint64_t kEpisodeMicroseconds = 5'000'000;

  void forgetStale(std::uint64_t now);

  std::uint64_t episodeStart_ = 0;
  std::optional<OomInvoked> invoked_;
  std::optional<OomKillSummary> summary_;
  std::optional<OomTaskInCgroup> taskIn_;
  std::optional<OomKillChosen> chosen_;
};

}  // namespace memwatch
