// Tests of the journal entry summary: producer fallback, message size, priority, suppression
// notices, copied and cut names, and memwatchd's own records.
#include "collectors/journal/journal_entry.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace memwatch {
namespace {

std::unique_ptr<JournalEntrySummary> summarize(std::initializer_list<std::string_view> fields) {
  auto summary = std::make_unique<JournalEntrySummary>();
  for (std::string_view field : fields) addJournalField(field, *summary);
  return summary;
}

TEST(JournalEntry, ProducerFallsBackInOrder) {
  EXPECT_EQ(
      summarize({"_COMM=bash", "SYSLOG_IDENTIFIER=app", "_SYSTEMD_UNIT=a.service"})->producer(),
      "a.service");
  EXPECT_EQ(
      summarize({"_SYSTEMD_UNIT=a.service", "SYSLOG_IDENTIFIER=app", "_COMM=bash"})->producer(),
      "a.service");
  EXPECT_EQ(summarize({"_COMM=bash", "_SYSTEMD_USER_UNIT=b.service"})->producer(), "b.service");
  EXPECT_EQ(summarize({"_SYSTEMD_USER_UNIT=b.service", "_COMM=bash"})->producer(), "b.service");
  EXPECT_EQ(summarize({"_COMM=bash", "SYSLOG_IDENTIFIER=app"})->producer(), "app");
  EXPECT_EQ(summarize({"_COMM=bash"})->producer(), "bash");
  EXPECT_EQ(summarize({"_SYSTEMD_UNIT=", "_COMM=bash"})->producer(), "bash");
  EXPECT_EQ(summarize({"MESSAGE=x"})->producer(), "unknown");
}

TEST(JournalEntry, MessageBytesAndPriority) {
  auto summary = summarize({"MESSAGE=h\xc3\xa9llo\nworld", "PRIORITY=3", "MESSAGE_ID=abc"});
  EXPECT_EQ(summary->messageBytes, 12u);
  EXPECT_EQ(summary->priority, 3u);
  EXPECT_EQ(summarize({"PRIORITY=9"})->priority, std::nullopt);
  EXPECT_EQ(summarize({"PRIORITY="})->priority, std::nullopt);
  EXPECT_EQ(summarize({"=broken", "noequals"})->messageBytes, 0u);
}

TEST(JournalEntry, JournaldSuppressionNotice) {
  auto summary = summarize({"MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e", "N_DROPPED=1234",
                            "OBJECT_SYSTEMD_UNIT=chatty.service", "_COMM=systemd-journald"});
  EXPECT_TRUE(summary->hasMessageId(kJournalDroppedMessageId));
  EXPECT_EQ(summary->suppressed(), std::pair(std::string_view("chatty.service"), uint64_t{1234}));
  // A user unit's notice, and one without a unit.
  EXPECT_EQ(summarize({"OBJECT_SYSTEMD_USER_UNIT=u.service", "N_DROPPED=5",
                       "MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e"})
                ->suppressed(),
            std::pair(std::string_view("u.service"), uint64_t{5}));
  EXPECT_EQ(summarize({"N_DROPPED=5", "MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e"})
                ->suppressed()
                ->first,
            "unknown");
  // N_DROPPED alone, or under another MESSAGE_ID, is not journald's notice; nor is an ID that
  // only starts like it (it would match if it were cut to 32 characters and compared).
  EXPECT_EQ(summarize({"N_DROPPED=5"})->suppressed(), std::nullopt);
  EXPECT_EQ(summarize({"N_DROPPED=5", "MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61f"})->suppressed(),
            std::nullopt);
  EXPECT_EQ(
      summarize({"N_DROPPED=5", "MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e0"})->suppressed(),
      std::nullopt);
}

// sd-journal hands out each field in a buffer that the next field may overwrite or free (fields
// of 512 bytes or more are decompressed into one buffer per file). Everything the summary keeps
// must be its own copy: here every field comes from one reused buffer, scribbled over after use.
TEST(JournalEntry, KeepsNothingPointingIntoTheJournalsBuffers) {
  JournalEntrySummary summary;
  std::string buffer;
  for (const std::string& field :
       {"_SYSTEMD_UNIT=" + std::string(600, 'u'),
        std::string("MESSAGE_ID=") + std::string(kJournalDroppedMessageId),
        std::string("OBJECT_SYSTEMD_UNIT=chatty.service"), std::string("N_DROPPED=7"),
        std::string("PRIORITY=2"), "MESSAGE=" + std::string(100000, 'm'),
        "_COMM=" + std::string(700, 'c')}) {
    buffer = field;
    addJournalField(buffer, summary);
    std::fill(buffer.begin(), buffer.end(), '#');
    buffer.clear();
    buffer.shrink_to_fit();
  }
  EXPECT_EQ(summary.producer(), std::string(kMaxProducerBytes, 'u'));
  EXPECT_TRUE(summary.hasMessageId(kJournalDroppedMessageId));
  EXPECT_EQ(summary.suppressed(), std::pair(std::string_view("chatty.service"), uint64_t{7}));
  EXPECT_EQ(summary.priority, 2u);
  EXPECT_EQ(summary.messageBytes, 100000u);
}

TEST(JournalEntry, LongNamesAreCutAtTheDocumentedLength) {
  // A huge identifier (1 MiB) costs the summary nothing more than a short one.
  const std::string huge = "SYSLOG_IDENTIFIER=" + std::string(1 << 20, 'x');
  auto summary = summarize({huge});
  EXPECT_EQ(summary->producer(), std::string(kMaxProducerBytes, 'x'));
  EXPECT_TRUE(summary->producerName.truncated());
  static_assert(sizeof(JournalEntrySummary) < 512);

  const std::string exact = "_COMM=" + std::string(kMaxProducerBytes, 'y');
  EXPECT_EQ(summarize({exact})->producer().size(), kMaxProducerBytes);
  EXPECT_FALSE(summarize({exact})->producerName.truncated());

  // Cut before a UTF-8 sequence that straddles the limit, never inside it: 127 ASCII bytes
  // then "é" (2 bytes) leaves 127 bytes; "€" (3 bytes) after 126 leaves 126.
  const std::string e = "_SYSTEMD_UNIT=" + std::string(127, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(summarize({e})->producer(), std::string(127, 'a'));
  const std::string euro = "_SYSTEMD_UNIT=" + std::string(126, 'a') + "\xe2\x82\xac" + "tail";
  EXPECT_EQ(summarize({euro})->producer(), std::string(126, 'a'));
  const std::string fits = "_SYSTEMD_UNIT=" + std::string(126, 'a') + "\xc3\xa9" + "tail";
  EXPECT_EQ(summarize({fits})->producer(), std::string(126, 'a') + "\xc3\xa9");

  const std::string longUnit = "OBJECT_SYSTEMD_UNIT=" + std::string(300, 'z');
  EXPECT_EQ(summarize({longUnit, "N_DROPPED=1", "MESSAGE_ID=a596d6fe7bfa4994828e72309e95d61e"})
                ->suppressed()
                ->first,
            std::string(kMaxProducerBytes, 'z'));
}

TEST(JournalEntry, NamesAreAlwaysValidUtf8) {
  // Bytes that are not UTF-8 become U+FFFD in the copy, so that names differing only in them
  // are one producer: they would print as the same label value.
  EXPECT_EQ(summarize({"SYSLOG_IDENTIFIER=a\xff"})->producer(), "a\xef\xbf\xbd");
  EXPECT_EQ(summarize({"SYSLOG_IDENTIFIER=a\xfe"})->producer(), "a\xef\xbf\xbd");
  // A replacement that would not fit is left out whole.
  const std::string edge = "_COMM=" + std::string(kMaxProducerBytes - 2, 'b') + "\xff";
  auto summary = summarize({edge});
  EXPECT_EQ(summary->producer(), std::string(kMaxProducerBytes - 2, 'b'));
  EXPECT_TRUE(summary->producerName.truncated());
}

TEST(JournalEntry, RecognisesMemwatchdsOwnRecords) {
  EXPECT_TRUE(summarize({"MESSAGE_ID=c4d2d68063244186b7bbfb7c14a4ea9f"})->fromMemwatch(1));
  EXPECT_TRUE(summarize({"MESSAGE_ID=7fc97e1d0cd24e4c8325c713449f3e91"})->fromMemwatch(1));
  EXPECT_TRUE(summarize({"MESSAGE_ID=07cffaa84d8a4edf89399c244493d62e"})->fromMemwatch(1));
  EXPECT_TRUE(summarize({"_PID=4242", "SYSLOG_IDENTIFIER=memwatchd"})->fromMemwatch(4242));
  EXPECT_FALSE(summarize({"_PID=4243", "SYSLOG_IDENTIFIER=memwatchd"})->fromMemwatch(4242));
  EXPECT_FALSE(summarize({"MESSAGE=x"})->fromMemwatch(0));
  EXPECT_FALSE(summarize({"_PID=nope"})->fromMemwatch(0));
}

}  // namespace
}  // namespace memwatch
