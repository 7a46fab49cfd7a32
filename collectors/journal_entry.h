#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace memwatch {

// What the journal watchdog needs from one entry, picked in a single pass over its fields
// ("KEY=value", as SD_JOURNAL_FOREACH_DATA hands them out). Views point into the journal's
// mapped data and are valid only until the reader moves on.
struct JournalEntrySummary {
  std::string_view systemdUnit;
  std::string_view systemdUserUnit;
  std::string_view syslogIdentifier;
  std::string_view comm;
  std::uint64_t messageBytes = 0;
  std::optional<unsigned> priority;  // 0 (emerg) to 7 (debug)
  std::string_view messageId;
  // journald's "Suppressed N messages from UNIT" notice.
  std::optional<std::uint64_t> droppedEntries;
  std::string_view objectSystemdUnit;
  std::string_view objectSystemdUserUnit;

  // _SYSTEMD_UNIT, else _SYSTEMD_USER_UNIT, else SYSLOG_IDENTIFIER, else _COMM, else "unknown".
  std::string_view producer() const;
};

// journald's MESSAGE_ID for "Suppressed N messages from UNIT" (SD_MESSAGE_JOURNAL_DROPPED).
inline constexpr std::string_view kJournalDroppedMessageId = "a596d6fe7bfa4994828e72309e95d61e";

// Adds one field to the summary; fields it does not need are ignored.
void addJournalField(std::string_view field, JournalEntrySummary& summary);

}  // namespace memwatch
