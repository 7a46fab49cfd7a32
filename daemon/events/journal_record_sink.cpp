// JournalRecordSink: an event's fields as MESSAGE_ID, PRIORITY and OOM_*, FLOOD_* or PRESSURE_*
// strings, sent
// with sd_journal_sendv.
#include "daemon/events/journal_record_sink.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include "collectors/base/rfc3339.h"
#include "collectors/events/message_ids.h"
#include "daemon/events/event_text.h"

namespace memwatch {
namespace {

std::vector<std::string> oomKillFields(const OomKill& kill) {
  std::vector<std::string> fields = {
      "MESSAGE=" + describeOomKill(kill),
      fmt::format("MESSAGE_ID={}", kOomKillMessageId),
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
  if (!kill.reason.empty()) fields.push_back("OOM_REASON=" + kill.reason);
  if (kill.oomScoreAdj) fields.push_back(fmt::format("OOM_SCORE_ADJ={}", *kill.oomScoreAdj));
  if (kill.invokedBy) fields.push_back("OOM_INVOKED_BY=" + *kill.invokedBy);
  if (kill.gfpMask) fields.push_back("OOM_GFP_MASK=" + *kill.gfpMask);
  if (kill.order) fields.push_back(fmt::format("OOM_ORDER={}", *kill.order));
  return fields;
}

std::vector<std::string> journalFloodFields(const JournalFlood& flood) {
  return {
      "MESSAGE=" + describeJournalFlood(flood),
      fmt::format("MESSAGE_ID={}", flood.started ? kFloodStartedMessageId : kFloodEndedMessageId),
      flood.started ? "PRIORITY=4" : "PRIORITY=5",
      "FLOOD_PRODUCER=" + flood.producer,
      fmt::format("FLOOD_ENTRIES_PER_SECOND={:.0f}", flood.entriesPerSecond),
      fmt::format("FLOOD_BYTES_PER_SECOND={:.0f}", flood.bytesPerSecond),
      fmt::format("FLOOD_THRESHOLD_ENTRIES_PER_SECOND={:.0f}", flood.thresholds.entriesPerSecond),
      fmt::format("FLOOD_THRESHOLD_BYTES_PER_SECOND={:.0f}", flood.thresholds.bytesPerSecond),
  };
}

std::vector<std::string> memoryPressureFields(const MemoryPressure& pressure) {
  return {
      "MESSAGE=" + describeMemoryPressure(pressure),
      fmt::format("MESSAGE_ID={}", kPressureTriggerMessageId),
      "PRIORITY=4",
      "PRESSURE_RESOURCE=" + pressure.resource,
      "PRESSURE_KIND=" + pressure.kind,
      fmt::format("PRESSURE_STALL_US={}", pressure.stallMicroseconds),
      fmt::format("PRESSURE_WINDOW_US={}", pressure.windowMicroseconds),
      fmt::format("PRESSURE_AVG10={:.2f}", pressure.avg10),
  };
}

}  // namespace

std::vector<std::string> journalRecordFields(const Event& event) {
  return std::visit(
      Overloaded{[](const OomKill& kill) { return oomKillFields(kill); },
                 [](const JournalFlood& flood) { return journalFloodFields(flood); },
                 [](const MemoryPressure& pressure) { return memoryPressureFields(pressure); }},
      event.what);
}

void JournalRecordSink::deliver(const Event& event) {
  std::vector<std::string> fields = journalRecordFields(event);
  std::vector<iovec> vector;
  vector.reserve(fields.size());
  for (std::string& field : fields) vector.push_back({field.data(), field.size()});
  if (int r = sd_journal_sendv(vector.data(), static_cast<int>(vector.size())); r < 0) {
    spdlog::debug("cannot write a journal record: {}", strerror(-r));
  }
}

}  // namespace memwatch
