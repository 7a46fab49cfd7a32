#include "daemon/events/oom_kill_report.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include "collectors/base/rfc3339.h"
#include "collectors/base/text_scan.h"
#include "daemon/http/json_text.h"

namespace memwatch {

std::string describeOomKill(const OomKill& kill) {
  std::string text = fmt::format("OOM kill: pid {} ({})", kill.pid, kill.comm);
  if (!kill.unit.empty()) text += " in " + kill.unit;
  text += fmt::format(", constraint {}, anon-rss {} MiB, total-vm {} MiB", kill.constraint,
                      kill.anonRssBytes >> 20, kill.totalVmBytes >> 20);
  if (!kill.cgroup.empty()) text += ", cgroup " + kill.cgroup;
  if (kill.invokedBy) text += ", invoked by " + *kill.invokedBy;
  return text;
}

std::vector<std::string> oomKillJournalFields(const OomKill& kill) {
  std::vector<std::string> fields = {
      "MESSAGE=" + describeOomKill(kill),
      std::string("MESSAGE_ID=") + kOomKillMessageId,
      "PRIORITY=4",
      fmt::format("OOM_PID={}", kill.pid),
      "OOM_COMM=" + kill.comm,
      "OOM_CGROUP=" + kill.cgroup,
      "OOM_UNIT=" + kill.unit,
      "OOM_CONSTRAINT=" + kill.constraint,
      "OOM_KILLER=" + kill.killer,
      fmt::format("OOM_TOTAL_VM_BYTES={}", kill.totalVmBytes),
      fmt::format("OOM_ANON_RSS_BYTES={}", kill.anonRssBytes),
      fmt::format("OOM_FILE_RSS_BYTES={}", kill.fileRssBytes),
      fmt::format("OOM_SHMEM_RSS_BYTES={}", kill.shmemRssBytes),
      fmt::format("OOM_TIME={}", rfc3339(kill.wallClockSeconds)),
  };
  if (kill.uid) fields.push_back(fmt::format("OOM_UID={}", *kill.uid));
  if (kill.oomScoreAdj) fields.push_back(fmt::format("OOM_SCORE_ADJ={}", *kill.oomScoreAdj));
  if (kill.invokedBy) fields.push_back("OOM_INVOKED_BY=" + *kill.invokedBy);
  if (kill.gfpMask) fields.push_back("OOM_GFP_MASK=" + *kill.gfpMask);
  if (kill.order) fields.push_back(fmt::format("OOM_ORDER={}", *kill.order));
  return fields;
}

void reportOomKill(const OomKill& kill) {
  spdlog::warn("{}", escapeControlBytes(describeOomKill(kill)));
  std::vector<std::string> fields = oomKillJournalFields(kill);
  std::vector<iovec> vector;
  vector.reserve(fields.size());
  for (std::string& field : fields) vector.push_back({field.data(), field.size()});
  // No journald (a container, a test machine without systemd) is not worth more than a debug line:
  // the warning above already went to stderr.
  if (int r = sd_journal_sendv(vector.data(), static_cast<int>(vector.size())); r < 0) {
    spdlog::debug("cannot write the OOM kill to the journal: {}", strerror(-r));
  }
}

std::string oomKillsJson(const std::vector<OomKill>& kills) {
  std::string out = "[";
  for (const OomKill& kill : kills) {
    if (out.size() > 1) out += ',';
    JsonObject object(out);
    object.string("time", rfc3339(kill.wallClockSeconds));
    object.number("pid", kill.pid);
    object.string("comm", kill.comm);
    if (kill.uid)
      object.number("uid", *kill.uid);
    else
      object.null("uid");
    object.string("cgroup", kill.cgroup);
    object.string("unit", kill.unit);
    object.string("constraint", kill.constraint);
    object.string("killer", kill.killer);
    object.number("total_vm_bytes", kill.totalVmBytes);
    object.number("anon_rss_bytes", kill.anonRssBytes);
    object.number("file_rss_bytes", kill.fileRssBytes);
    object.number("shmem_rss_bytes", kill.shmemRssBytes);
    if (kill.oomScoreAdj)
      object.number("oom_score_adj", *kill.oomScoreAdj);
    else
      object.null("oom_score_adj");
    if (kill.invokedBy) object.string("invoked_by", *kill.invokedBy);
    if (kill.gfpMask) object.string("gfp_mask", *kill.gfpMask);
    if (kill.order) object.number("order", *kill.order);
    object.number("kmsg_sequence", kill.sequence);
  }
  out += "]\n";
  return out;
}

}  // namespace memwatch
