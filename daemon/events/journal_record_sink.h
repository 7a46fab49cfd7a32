#pragma once

// Announced events as structured records in the system journal.

#include <string>
#include <vector>

#include "daemon/events/event_sink.h"

namespace memwatch {

// One journal record per announced event, with memwatch's MESSAGE_ID for its kind
// (collectors/events/message_ids.h) and its details in fields of their own, for
// `journalctl MESSAGE_ID=...`: OOM_PID, OOM_COMM, ... for a kill; FLOOD_PRODUCER, ... for a flood.
// Writing blocks when journald's socket queue is full (journald busy, as during a flood), so the
// daemon registers it behind a QueuedSink. Without a journald (a container, a test machine) a
// record is lost with a debug line: the log sink has already said it on stderr.
class JournalRecordSink : public EventSink {
 public:
  std::string_view name() const override { return "journal record"; }
  void deliver(const Event& event) override;
};

// The record's fields, "KEY=value": MESSAGE, MESSAGE_ID, PRIORITY and the event's details.
std::vector<std::string> journalRecordFields(const Event& event);

}  // namespace memwatch
