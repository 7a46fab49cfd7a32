// OomKillAssembler: episodes split by stage order and time gaps; a kill takes its cgroup and
// constraint from the summary when it names the victim, else from older-kernel lines.
#include "collectors/oom/oom_kill_assembler.h"

#include "collectors/oom/cgroup_unit.h"

namespace memwatch {

OomKillAssembler::Episode& OomKillAssembler::episodeFor(Stage stage, std::uint64_t now) {
  if (!episode_ || stage <= episode_->stage) {
    // Assigned rather than emplace()d: clang 14 judges a nested struct with default member
    // initializers not default-constructible inside its enclosing class (the fuzz build).
    episode_ = Episode{};
    episode_->lastRecordMicroseconds = now;
  }
  episode_->stage = stage;
  return *episode_;
}

std::optional<OomKill> OomKillAssembler::add(const KmsgRecord& record) {
  if (record.facility != 0) return std::nullopt;
  const std::uint64_t now = record.monotonicMicroseconds;
  if (episode_ && (now < episode_->lastRecordMicroseconds ||
                   now - episode_->lastRecordMicroseconds > kEpisodeGapMicroseconds)) {
    episode_.reset();  // long over, or a log that spans a reboot
  }
  // Staleness counts from the newest record, not from the header: between the header and the
  // kill the kernel dumps the stack, Mem-Info and the task list, dozens of records that take
  // seconds on a slow serial console.
  if (episode_) episode_->lastRecordMicroseconds = now;
  std::optional<OomMessage> message = parseOomMessage(record.text);
  if (!message) return std::nullopt;

  if (auto* invoked = std::get_if<OomInvoked>(&*message)) {
    episodeFor(Stage::kInvoked, now).invoked = std::move(*invoked);
  } else if (auto* taskIn = std::get_if<OomTaskInCgroup>(&*message)) {
    episodeFor(Stage::kTaskIn, now).taskIn = std::move(*taskIn);
  } else if (auto* summary = std::get_if<OomKillSummary>(&*message)) {
    episodeFor(Stage::kSummary, now).summary = std::move(*summary);
  } else if (auto* chosen = std::get_if<OomKillChosen>(&*message)) {
    episodeFor(Stage::kChosen, now).chosen = std::move(*chosen);
  } else if (std::holds_alternative<OomNoKill>(*message)) {
    // The victim was skipped: the episode's lines are for nothing but the memory.oom.group kills
    // that may still follow, never for the next (rate-limited) kill. A group member skipped
    // changes nothing.
    if (!episode_ || episode_->stage != Stage::kGroup) episodeFor(Stage::kVictim, now);
  } else if (auto* group = std::get_if<OomGroupKill>(&*message)) {
    episodeFor(Stage::kGroup, now).groupCgroup = std::move(group->cgroup);
  } else if (auto* killed = std::get_if<OomKilledProcess>(&*message)) {
    if (!episode_ || episode_->stage != Stage::kGroup) episodeFor(Stage::kVictim, now);
    return killOf(*killed, record);
  }
  return std::nullopt;  // oom_reaper lines follow a kill already reported
}

OomKill OomKillAssembler::killOf(const OomKilledProcess& killed, const KmsgRecord& record) const {
  const Episode& episode = *episode_;
  OomKill kill;
  kill.sequence = record.sequence;
  kill.monotonicMicroseconds = record.monotonicMicroseconds;
  kill.pid = killed.pid;
  kill.comm = killed.comm;
  kill.uid = killed.uid;
  kill.totalVmBytes = killed.totalVmBytes;
  kill.anonRssBytes = killed.anonRssBytes;
  kill.fileRssBytes = killed.fileRssBytes;
  kill.shmemRssBytes = killed.shmemRssBytes;
  kill.oomScoreAdj = killed.oomScoreAdj;

  // The summary names the victim: the task killed or, on 5.0 to 5.2, the parent that "Kill
  // process" chose and whose child was sacrificed instead. A summary about any other pid is
  // about a kill that was never printed. For the tasks killed for memory.oom.group, the cgroup
  // is the group's and the summary only says why.
  const std::optional<OomKillSummary>& summary = episode.summary;
  const bool summaryOfVictim = summary && (summary->pid == kill.pid ||
                                           (episode.chosen && summary->pid == episode.chosen->pid));
  if (episode.groupCgroup) {
    kill.cgroup = *episode.groupCgroup;
  } else if (summaryOfVictim) {
    kill.cgroup = summary->taskCgroup;
    if (!kill.uid) kill.uid = summary->uid;
  } else if (episode.taskIn) {
    kill.cgroup = episode.taskIn->taskCgroup;
  }
  if (summaryOfVictim || (episode.groupCgroup && summary)) {
    kill.constraint = summary->constraint;
  } else if (episode.taskIn) {
    kill.constraint = "memcg";
  } else if (killed.prefixConstraint) {
    kill.constraint = *killed.prefixConstraint;
  } else if (episode.chosen && episode.chosen->prefixConstraint) {
    kill.constraint = *episode.chosen->prefixConstraint;
  } else {
    kill.constraint = "none";
  }
  kill.unit = unitFromCgroup(kill.cgroup);
  if (episode.invoked) {
    kill.invokedBy = episode.invoked->comm;
    if (!episode.invoked->gfpMask.empty()) kill.gfpMask = episode.invoked->gfpMask;
    kill.order = episode.invoked->order;
  }
  return kill;
}

}  // namespace memwatch
