#include "collectors/oom_kill_assembler.h"

#include "collectors/cgroup_unit.h"

namespace memwatch {

void OomKillAssembler::forgetStale(std::uint64_t now) {
  if (now - episodeStart_ <= kEpisodeMicroseconds || now < episodeStart_) return;
  invoked_.reset();
  summary_.reset();
  taskIn_.reset();
  chosen_.reset();
}

std::optional<OomKill> OomKillAssembler::add(const KmsgRecord& record) {
  if (record.facility != 0) return std::nullopt;
  std::optional<OomMessage> message = parseOomMessage(record.text);
  if (!message) return std::nullopt;
  const std::uint64_t now = record.monotonicMicroseconds;
  forgetStale(now);

  if (auto* invoked = std::get_if<OomInvoked>(&*message)) {
    // A header opens a new episode: whatever the last one left is not about this kill.
    summary_.reset(), taskIn_.reset(), chosen_.reset();
    invoked_ = std::move(*invoked);
    episodeStart_ = now;
    return std::nullopt;
  }
  if (!invoked_ && !summary_ && !taskIn_ && !chosen_) episodeStart_ = now;
  if (auto* summary = std::get_if<OomKillSummary>(&*message)) {
    summary_ = std::move(*summary);
    return std::nullopt;
  }
  if (auto* taskIn = std::get_if<OomTaskInCgroup>(&*message)) {
    taskIn_ = std::move(*taskIn);
    return std::nullopt;
  }
  if (auto* chosen = std::get_if<OomKillChosen>(&*message)) {
    chosen_ = std::move(*chosen);
    return std::nullopt;
  }
  auto* killed = std::get_if<OomKilledProcess>(&*message);
  if (!killed) return std::nullopt;  // oom_reaper lines follow a kill already reported

  OomKill kill;
  kill.sequence = record.sequence;
  kill.monotonicMicroseconds = now;
  kill.pid = killed->pid;
  kill.comm = killed->comm;
  kill.uid = killed->uid;
  kill.totalVmBytes = killed->totalVmBytes;
  kill.anonRssBytes = killed->anonRssBytes;
  kill.fileRssBytes = killed->fileRssBytes;
  kill.shmemRssBytes = killed->shmemRssBytes;
  kill.oomScoreAdj = killed->oomScoreAdj;
  // The summary names the victim by pid; a summary about another pid belongs to another kill.
  const bool summaryMatches = summary_ && summary_->pid == kill.pid;
  if (summaryMatches) {
    kill.constraint = summary_->constraint;
    kill.cgroup = summary_->taskCgroup;
    if (!kill.uid) kill.uid = summary_->uid;
  } else if (taskIn_) {
    kill.constraint = "memcg";
    kill.cgroup = taskIn_->taskCgroup;
  }
  if (kill.constraint.empty()) {
    const std::optional<std::string>& prefix =
        killed->prefixConstraint ? killed->prefixConstraint
                                 : (chosen_ ? chosen_->prefixConstraint : killed->prefixConstraint);
    kill.constraint = prefix.value_or("none");
  }
  kill.unit = unitFromCgroup(kill.cgroup);
  if (invoked_) {
    kill.invokedBy = invoked_->comm;
    if (!invoked_->gfpMask.empty()) kill.gfpMask = invoked_->gfpMask;
    kill.order = invoked_->order;
  }
  invoked_.reset(), summary_.reset(), taskIn_.reset(), chosen_.reset();
  return kill;
}

}  // namespace memwatch
