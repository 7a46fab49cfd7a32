#include "collectors/journal_entry.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

JournalEntrySummary summarize(std::initializer_list<std::string_view> fields) {
  JournalEntrySummary summary;
  for (std::string_view field : fields) addJournalField(field, summary);
  return summary;
}

TEST(JournalEntry, ProducerFallsBackInOrder) {
  EXPECT_EQ(
      summarize({"_COMM=bash", "SYSLOG_IDENTIFIER=app", "_SYSTEMD_UNIT=a.service"}).producer(),
      "a.service");
  EXPECT_EQ(summarize({"_COMM=bash", "_SYSTEMD_USER_UNIT=b.service"}).producer(), "b.service");
  EXPECT_EQ(summarize({"_COMM=bash", "SYSLOG_IDENTIFIER=app"}).producer(), "app");
  EXPECT_EQ(summarize({"_COMM=bash"}).producer(), "bash");
  EXPECT_EQ(summarize({"MESSAGE=x"}).producer(), "unknown");
}

TEST(JournalEntry, MessageBytesAndPriority) {
  JournalEntrySummary summary =
      summarize({"MESSAGE=h\xc3\xa9llo\nworld", "PRIORITY=3", "MESSAGE_ID=abc"});
  EXPECT_EQ(summary.messageBytes, 12u);
  EXPECT_EQ(summary.priority, 3u);
  EXPECT_EQ(summarize({"PRIORITY=9"}).priority, std::nullopt);
  EXPECT_EQ(summarize({"PRIORITY="}).priority, std::nullopt);
  EXPECT_EQ(summarize({"=broken", "noequals"}).messageBytes, 0u);
}

TEST(JournalEntry, JournaldSuppressionNotice) {
  JournalEntrySummary summary =
      summarize({"MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e", "N_DROPPED=1234",
                 "OBJECT_SYSTEMD_UNIT=chatty.service", "_COMM=systemd-journald"});
  EXPECT_EQ(summary.messageId, kJournalDroppedMessageId);
  EXPECT_EQ(summary.droppedEntries, 1234u);
  EXPECT_EQ(summary.objectSystemdUnit, "chatty.service");
}

}  // namespace
}  // namespace memwatch
