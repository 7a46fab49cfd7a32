// JournalEntrySummary: fields picked by one switch on key length; the producer and object unit
// taken from the highest-ranked field present.
#include "collectors/journal/journal_entry.h"

#include "collectors/base/text_scan.h"

namespace memwatch {

std::string_view JournalEntrySummary::producer() const {
  return producerName.empty() ? std::string_view("unknown") : producerName.view();
}

bool JournalEntrySummary::hasMessageId(std::string_view id) const {
  return !messageId.truncated() && messageId.view() == id;
}

std::optional<std::pair<std::string_view, std::uint64_t>> JournalEntrySummary::suppressed() const {
  if (!droppedEntries || !hasMessageId(kJournalDroppedMessageId)) return std::nullopt;
  return std::pair(objectUnit.empty() ? std::string_view("unknown") : objectUnit.view(),
                   *droppedEntries);
}

bool JournalEntrySummary::fromMemwatch(std::uint64_t ownPid) const {
  if (ownPid != 0 && pid == ownPid) return true;
  return hasMessageId(kFloodStartedMessageId) || hasMessageId(kFloodEndedMessageId) ||
         hasMessageId(kOomKillMessageId);
}

namespace {

inline void offerProducer(std::string_view value, std::uint8_t rank, JournalEntrySummary& summary) {
  if (value.empty() || rank > summary.producerRank) return;
  summary.producerName.assign(value);
  summary.producerRank = rank;
}

inline void offerObjectUnit(std::string_view value, std::uint8_t rank,
                            JournalEntrySummary& summary) {
  if (value.empty() || rank > summary.objectUnitRank) return;
  summary.objectUnit.assign(value);
  summary.objectUnitRank = rank;
}

}  // namespace

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
    case 4:
      if (key == "_PID") summary.pid = parseUnsigned(value).value_or(0);
      break;
    case 13:
      if (key == "_SYSTEMD_UNIT") offerProducer(value, 0, summary);
      break;
    case 18:
      if (key == "_SYSTEMD_USER_UNIT") offerProducer(value, 1, summary);
      break;
    case 17:
      if (key == "SYSLOG_IDENTIFIER") offerProducer(value, 2, summary);
      break;
    case 5:
      if (key == "_COMM") offerProducer(value, 3, summary);
      break;
    case 10:
      if (key == "MESSAGE_ID") summary.messageId.assign(value);
      break;
    case 9:
      if (key == "N_DROPPED") summary.droppedEntries = parseUnsigned(value);
      break;
    case 19:
      if (key == "OBJECT_SYSTEMD_UNIT") offerObjectUnit(value, 0, summary);
      break;
    case 24:
      if (key == "OBJECT_SYSTEMD_USER_UNIT") offerObjectUnit(value, 1, summary);
      break;
    default:
      break;
  }
}

}  // namespace memwatch
