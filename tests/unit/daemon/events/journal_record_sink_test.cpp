// Tests of the journal record fields: an OOM kill's message ID and victim, unknown details left
// out, floods starting or ending, and pressure triggers.
#include "daemon/events/journal_record_sink.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "collectors/events/message_ids.h"
#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

using testing::sampleFlood;
using testing::sampleKill;
using testing::samplePressure;

bool has(const std::vector<std::string>& fields, const std::string& field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

TEST(JournalRecordSink, OomKillFieldsCarryTheMessageIdAndVictim) {
  OomKill kill = sampleKill();
  kill.uid = 1000;
  kill.invokedBy = "bash";
  std::vector<std::string> fields = journalRecordFields(Event{.what = kill});
  EXPECT_TRUE(has(fields, "MESSAGE_ID=" + std::string(kOomKillMessageId)));
  EXPECT_TRUE(has(fields, "PRIORITY=4"));
  EXPECT_TRUE(has(fields, "OOM_PID=4242"));
  EXPECT_TRUE(has(fields, "OOM_UID=1000"));
  EXPECT_TRUE(has(fields, "OOM_UNIT=app.service"));
  EXPECT_TRUE(has(fields, "OOM_INVOKED_BY=bash"));
  EXPECT_TRUE(has(fields, "OOM_TIME=2026-11-25T05:12:01.686Z"));
  EXPECT_TRUE(has(fields,
                  "MESSAGE=OOM kill: pid 4242 (my \"app\") in app.service, constraint memcg, "
                  "anon-rss 32 MiB, total-vm 0 MiB, cgroup /system.slice/app.service, "
                  "invoked by bash"));
  // Unknown details are left out rather than written empty.
  EXPECT_FALSE(std::any_of(fields.begin(), fields.end(), [](const std::string& field) {
    return field.starts_with("OOM_SCORE_ADJ=") || field.starts_with("OOM_ORDER=");
  }));
}

TEST(JournalRecordSink, FloodFieldsSayStartOrEnd) {
  std::vector<std::string> started =
      journalRecordFields(Event{.what = sampleFlood("chatty", true)});
  EXPECT_TRUE(has(started, "MESSAGE_ID=" + std::string(kFloodStartedMessageId)));
  EXPECT_TRUE(has(started, "PRIORITY=4"));
  EXPECT_TRUE(has(started, "FLOOD_PRODUCER=chatty"));
  EXPECT_TRUE(has(started, "FLOOD_ENTRIES_PER_SECOND=5000"));
  EXPECT_TRUE(has(started, "FLOOD_THRESHOLD_BYTES_PER_SECOND=1048576"));
  EXPECT_TRUE(has(started,
                  "MESSAGE=journal flood started: chatty logs 5000 entries/s, 60000 bytes/s "
                  "(thresholds 1000 entries/s, 1048576 bytes/s)"));
  std::vector<std::string> ended = journalRecordFields(Event{.what = sampleFlood("chatty", false)});
  EXPECT_TRUE(has(ended, "MESSAGE_ID=" + std::string(kFloodEndedMessageId)));
  EXPECT_TRUE(has(ended, "PRIORITY=5"));
  EXPECT_TRUE(
      has(ended, "MESSAGE=journal flood ended: chatty is down to 5000 entries/s, 60000 bytes/s"));
}

TEST(JournalRecordSink, PressureFieldsNameTheTrigger) {
  std::vector<std::string> fields = journalRecordFields(Event{.what = samplePressure()});
  EXPECT_TRUE(has(fields, "MESSAGE_ID=" + std::string(kPressureTriggerMessageId)));
  EXPECT_TRUE(has(fields, "PRESSURE_RESOURCE=memory"));
  EXPECT_TRUE(has(fields, "PRESSURE_KIND=some"));
  EXPECT_TRUE(has(fields, "PRESSURE_STALL_US=70000"));
  EXPECT_TRUE(has(fields, "PRESSURE_WINDOW_US=1000000"));
  EXPECT_TRUE(has(fields, "PRESSURE_AVG10=12.50"));
  EXPECT_TRUE(has(fields,
                  "MESSAGE=memory pressure: some 70000 us stalled within 1000000 us (avg10 "
                  "12.50%)"));
}

}  // namespace
}  // namespace memwatch
