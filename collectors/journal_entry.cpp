#include "collectors/journal_entry.h"

#include "collectors/text_scan.h"

namespace memwatch {

std::string_view JournalEntrySummary::producer() const {
  for (std::string_view candidate : {systemdUnit, systemdUserUnit, syslogIdentifier, comm}) {
    if (!candidate.empty()) return candidate;
  }
  return "unknown";
}

void addJournalField(std::string_view field, JournalEntrySummary& summary) {
  const std::size_t equals = field.find('=');
  if (equals == std::string_view::npos || equals == 0) return;
  const std::string_view key = field.substr(0, equals);
  const std::string_view value = field.substr(equals + 1);
  // Sorted by how often they occur; every entry has MESSAGE and most have PRIORITY.
  if (key == "MESSAGE") {
    summary.messageBytes = value.size();
  } else if (key == "PRIORITY") {
    if (value.size() == 1 && value[0] >= '0' && value[0] <= '7') {
      summary.priority = static_cast<unsigned>(value[0] - '0');
    }
  } else if (key == "_SYSTEMD_UNIT") {
    summary.systemdUnit = value;
  } else if (key == "SYSLOG_IDENTIFIER") {
    summary.syslogIdentifier = value;
  } else if (key == "_COMM") {
    summary.comm = value;
  } else if (key == "_SYSTEMD_USER_UNIT") {
    summary.systemdUserUnit = value;
  } else if (key == "MESSAGE_ID") {
    summary.messageId = value;
  } else if (key == "N_DROPPED") {
    summary.droppedEntries = parseUnsigned(value);
  } else if (key == "OBJECT_SYSTEMD_UNIT") {
    summary.objectSystemdUnit = value;
  } else if (key == "OBJECT_SYSTEMD_USER_UNIT") {
    summary.objectSystemdUserUnit = value;
  }
}

}  // namespace memwatch
