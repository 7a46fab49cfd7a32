#pragma once

// Turns the kernel's OOM lines of one episode into one OomKill.

#include <cstdint>
#include <optional>
#include <string>

#include "collectors/events/oom_kill.h"
#include "collectors/oom/kmsg_record.h"
#include "collectors/oom/oom_message.h"

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
  // Records further apart than this are not of one episode: its kill was never printed (or its
  // records were overwritten before memwatchd read them).
  static constexpr std::uint64_t kEpisodeGapMicroseconds = 5'000'000;

  // The kernel prints an episode's lines in this order, each at most once (only the group's
  // "Killed process" lines repeat), so a line that does not come after the ones seen so far
  // opens a new episode: its own earlier lines were rate-limited away.
  enum class Stage { kInvoked, kTaskIn, kSummary, kChosen, kVictim, kGroup };

  struct Episode {
    Stage stage = Stage::kInvoked;
    std::uint64_t lastRecordMicroseconds = 0;
    std::optional<OomInvoked> invoked;
    std::optional<OomTaskInCgroup> taskIn;
    std::optional<OomKillSummary> summary;
    std::optional<OomKillChosen> chosen;
    std::optional<std::string> groupCgroup;  // memory.oom.group's cgroup, from kGroup on
  };

  // The episode a line of `stage` belongs to, now at that stage.
  Episode& episodeFor(Stage stage, std::uint64_t now);
  OomKill killOf(const OomKilledProcess& killed, const KmsgRecord& record) const;

  std::optional<Episode> episode_;
};

}  // namespace memwatch
