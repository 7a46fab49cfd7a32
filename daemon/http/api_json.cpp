#include "daemon/http/api_json.h"

#include "collectors/base/rfc3339.h"
#include "daemon/http/json_text.h"

namespace memwatch {

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

namespace {

void appendRate(const ProducerTable::Rate& rate, std::string& out) {
  JsonObject object(out);
  object.string("producer", rate.producer);
  object.number("entries_per_second", rate.entriesPerSecond);
  object.number("bytes_per_second", rate.bytesPerSecond);
  object.number("entries", rate.counted.entries);
  object.number("bytes", rate.counted.bytes);
  object.boolean("flooding", rate.flooding);
}

}  // namespace

std::string journalFloodsJson(const std::vector<ProducerTable::Rate>& flooding,
                              const std::vector<JournalFlood>& recent) {
  std::string out = "{\"active\":[";
  bool first = true;
  for (const ProducerTable::Rate& rate : flooding) {
    if (!first) out += ',';
    first = false;
    appendRate(rate, out);
  }
  out += "],\"recent\":[";
  first = true;
  for (const JournalFlood& event : recent) {
    if (!first) out += ',';
    first = false;
    JsonObject object(out);
    object.string("time", rfc3339(event.wallClockSeconds));
    object.string("producer", event.producer);
    object.string("event", event.started ? "started" : "ended");
    object.number("entries_per_second", event.entriesPerSecond);
    object.number("bytes_per_second", event.bytesPerSecond);
  }
  out += "]}\n";
  return out;
}

std::string journalProducersJson(const std::vector<ProducerTable::Rate>& producers) {
  std::string out = "[";
  for (const ProducerTable::Rate& rate : producers) {
    if (out.size() > 1) out += ',';
    appendRate(rate, out);
  }
  out += "]\n";
  return out;
}

}  // namespace memwatch
