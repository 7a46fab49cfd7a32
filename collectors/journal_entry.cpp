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
  // Runs for every field of every entry (about 20 per entry). The keys wanted have distinct
  // lengths, so one length switch and one comparison decide each field.
  switch (key.size()) {
    case 7:
      if (key == "MESSAGE") summary.messageBytes = value.size();
      break;
    case 8:
      if (key == "PRIORITY" && value.size() == 1 && value[0] >= '0' && value[0] <= '7') {
        summary.priority = static_cast<unsigned>(value[0] - '0');
      }
      break;
    case 13:
      if (key == "_SYSTEMD_UNIT") summary.systemdUnit = value;
      break;
    case 17:
      if (key == "SYSLOG_IDENTIFIER") summary.syslogIdentifier = value;
      break;
    case 5:
      if (key == "_COMM") summary.comm = value;
      break;
    case 18:
      if (key == "_SYSTEMD_USER_UNIT") summary.systemdUserUnit = value;
      break;
    case 10:
      if (key == "MESSAGE_ID") summary.messageId = value;
      break;
    case 9:
      if (key == "N_DROPPED") summary.droppedEntries = parseUnsigned(value);
      break;
    case 19:
      if (key == "OBJECT_SYSTEMD_UNIT") summary.objectSystemdUnit = value;
      break;
    case 24:
      if (key == "OBJECT_SYSTEMD_USER_UNIT") summary.objectSystemdUserUnit = value;
      break;
    default:
      break;
  }
}

}  // namespace memwatch
