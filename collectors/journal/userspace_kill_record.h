#pragma once

// Userspace OOM killers' journal records: earlyoom's "sending SIGTERM to process ..." lines and
// PID 1's record of a systemd-oomd kill, each trusted only from who may write it.

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/events/oom_kill.h"
#include "collectors/journal/journal_entry.h"

namespace memwatch {

// PID 1's "systemd-oomd killed N process(es) in this unit" (SD_MESSAGE_UNIT_OOMD_KILL), with
// UNIT= and N_PROCESSES=.
inline constexpr std::string_view kOomdKillMessageId = "d989611b15e44c9dbf31e3c81256e4ed";
// PID 1's "A process of this unit has been killed by the OOM killer"
// (SD_MESSAGE_UNIT_OUT_OF_MEMORY): the kernel's kill, which the kernel log already reported; never
// a kill of its own.
inline constexpr std::string_view kUnitOomMessageId = "fe6faa94e7774663a0da52717891d8ef";

// One line of earlyoom's: `sending SIGTERM to process 1234 uid 1000 "firefox": badness 845,
// VmRSS 2876 MiB` (earlyoom 1.6 and later; 1.2 to 1.5 said "oom_score" for "badness").
struct EarlyoomKill {
  std::string signal;  // SIGTERM, SIGKILL
  int pid = 0;
  std::uint32_t uid = 0;
  std::string name;
};
std::optional<EarlyoomKill> parseEarlyoomLine(std::string_view message);

// Turns journal entries into the kills of userspace killers. Trust rests on journald's trusted
// fields, which no client can set: earlyoom's lines count only from its unit's processes
// (_SYSTEMD_UNIT, `earlyoomUnit`), PID 1's records only from _PID=1; the same text logged by any
// other process counts for nothing.
//
// earlyoom sends SIGTERM and, when the victim does not go, SIGKILL to the same process: one kill,
// so a pid it signalled in the last kSamePidSeconds is not counted again (kMaxRecentPids held).
class UserspaceKillRecognizer {
 public:
  static constexpr std::int64_t kSamePidSeconds = 60;
  static constexpr std::size_t kMaxRecentPids = 32;

  explicit UserspaceKillRecognizer(std::string earlyoomUnit)
      : earlyoomUnit_(std::move(earlyoomUnit)) {}

  // Whether the entry may be one: decided from the summary alone, on the reader's hot path.
  bool mayBeKill(const JournalEntrySummary& summary) const;
  // The kill the entry reports, if any. `field` fetches one field's value ("MESSAGE", "UNIT"):
  // only entries that pass mayBeKill() pay for it.
  std::optional<OomKill> recognize(
      const JournalEntrySummary& summary,
      const std::function<std::optional<std::string>(std::string_view)>& field,
      std::int64_t entrySeconds);

 private:
  const std::string earlyoomUnit_;
  struct Signalled {
    int pid;
    std::int64_t at;
  };
  std::deque<Signalled> recentPids_;
};

}  // namespace memwatch
