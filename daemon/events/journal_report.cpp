#include "daemon/events/journal_report.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include "collectors/base/rfc3339.h"
#include "daemon/http/json_text.h"

namespace memwatch {

std::string describeFloodEvent(const FloodEvent& event) {
  if (event.started) {
    return fmt::format(
        "journal flood started: {} logs {:.0f} entries/s, {:.0f} bytes/s (thresholds {:.0f} "
        "entries/s, {:.0f} bytes/s)",
        event.producer, event.entriesPerSecond, event.bytesPerSecond,
        event.thresholds.entriesPerSecond, event.thresholds.bytesPerSecond);
  }
  return fmt::format("journal flood ended: {} is down to {:.0f} entries/s, {:.0f} bytes/s",
                     event.producer, event.entriesPerSecond, event.bytesPerSecond);
}

std::vector<std::string> floodEventJournalFields(const FloodEvent& event) {
  return {
      "MESSAGE=" + describeFloodEvent(event),
      "MESSAGE_ID=" + std::string(event.started ? kFloodStartedMessageId : kFloodEndedMessageId),
      event.started ? "PRIORITY=4" : "PRIORITY=5",
      "FLOOD_PRODUCER=" + event.producer,
      fmt::format("FLOOD_ENTRIES_PER_SECOND={:.0f}", event.entriesPerSecond),
      fmt::format("FLOOD_BYTES_PER_SECOND={:.0f}", event.bytesPerSecond),
      fmt::format("FLOOD_THRESHOLD_ENTRIES_PER_SECOND={:.0f}", event.thresholds.entriesPerSecond),
      fmt::format("FLOOD_THRESHOLD_BYTES_PER_SECOND={:.0f}", event.thresholds.bytesPerSecond),
  };
}

void reportFloodEvent(const FloodEvent& event) {
  if (event.started) {
    spdlog::warn("{}", describeFloodEvent(event));
  } else {
    spdlog::info("{}", describeFloodEvent(event));
  }
  std::vector<std::string> fields = floodEventJournalFields(event);
  std::vector<iovec> vector;
  for (std::string& field : fields) vector.push_back({field.data(), field.size()});
  if (int r = sd_journal_sendv(vector.data(), static_cast<int>(vector.size())); r < 0) {
    spdlog::debug("cannot write the flood event to the journal: {}", strerror(-r));
  }
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
                              const std::vector<FloodEvent>& recent) {
  std::string out = "{\"active\":[";
  bool first = true;
  for (const ProducerTable::Rate& rate : flooding) {
    if (!first) out += ',';
    first = false;
    appendRate(rate, out);
  }
  out += "],\"recent\":[";
  first = true;
  for (const FloodEvent& event : recent) {
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
