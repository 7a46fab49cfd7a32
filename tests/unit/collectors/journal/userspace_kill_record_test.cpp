// Tests of userspace killers' journal records: earlyoom's kill lines parsed and trusted only from
// its unit, SIGTERM then SIGKILL counted once, PID 1's systemd-oomd record trusted only from
// _PID=1, and its kernel-kill record never counted.
#include "collectors/journal/userspace_kill_record.h"

#include <gtest/gtest.h>

#include <map>

namespace memwatch {
namespace {

TEST(EarlyoomLine, IsParsed) {
  auto kill = parseEarlyoomLine(
      "sending SIGTERM to process 1234 uid 1000 \"firefox-esr\": badness 845, VmRSS 2876 MiB");
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->signal, "SIGTERM");
  EXPECT_EQ(kill->pid, 1234);
  EXPECT_EQ(kill->uid, 1000u);
  EXPECT_EQ(kill->name, "firefox-esr");
  // earlyoom 1.2 to 1.5, and a name that holds the separator itself.
  kill = parseEarlyoomLine("sending SIGKILL to process 7 uid 0 \"a\": b\": oom_score 900");
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->name, "a\": b");
  // earlyoom 1.8 adds the command line, which the victim chose; it cannot move the name's end.
  kill = parseEarlyoomLine(
      "sending SIGTERM to process 8 uid 0 \"x\": badness 9, VmRSS 1 MiB, cmdline \"y\": z\"");
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->name, "x");
}

TEST(EarlyoomLine, OtherLinesAreNot) {
  for (std::string_view line :
       {"mem avail: 21 of 3936 MiB ( 0.55%), swap free: 0 of 0 MiB ( 0.00%)",
        "low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%",
        "sending SIGTERM to process x uid 0 \"a\": b",
        "sending SIGTERM to process 0 uid 0 \"a\": b", "sending SIGTERM to process 5 uid 0 a: b",
        "sending TERM to process 5 uid 0 \"a\": b",
        "sending SIGTERM to process 5 uid 99999999999 \"a\": b",
        "sending SIGTERM to process 5 uid 0 \"a\": something else",
        // A name longer than a comm can be: the victim's own text, not earlyoom's.
        "sending SIGTERM to process 5 uid 0 \"aaaaaaaaaaaaaaaaaaaa\": badness 1", ""}) {
    EXPECT_FALSE(parseEarlyoomLine(line)) << line;
  }
}

struct Entry {
  JournalEntrySummary summary;
  std::map<std::string, std::string, std::less<>> fields;

  Entry(std::initializer_list<std::pair<const std::string, std::string>> all) : fields(all) {
    for (const auto& [key, value] : all) addJournalField(key + "=" + value, summary);
  }
  std::optional<OomKill> recognizedBy(UserspaceKillRecognizer& recognizer, std::int64_t at = 100) {
    return recognizer.recognize(
        summary,
        [this](std::string_view name) -> std::optional<std::string> {
          auto it = fields.find(name);
          if (it == fields.end()) return std::nullopt;
          return it->second;
        },
        at);
  }
};

const std::string kTerm =
    "sending SIGTERM to process 4321 uid 1000 \"hog\": badness 900, VmRSS 9 MiB";

TEST(UserspaceKillRecognizer, EarlyoomLinesCountOnlyFromItsUnit) {
  UserspaceKillRecognizer recognizer("earlyoom.service");
  Entry real{{"_SYSTEMD_UNIT", "earlyoom.service"}, {"_PID", "600"}, {"MESSAGE", kTerm}};
  std::optional<OomKill> kill = real.recognizedBy(recognizer);
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->killer, "earlyoom");
  EXPECT_EQ(kill->pid, 4321);
  EXPECT_EQ(kill->comm, "hog");
  EXPECT_EQ(kill->uid, 1000u);
  EXPECT_EQ(kill->reason, "SIGTERM");
  EXPECT_EQ(kill->constraint, "none");
  EXPECT_EQ(kill->wallClockSeconds, 100);

  // The same text from a user's process, even one that calls itself earlyoom.
  UserspaceKillRecognizer fresh("earlyoom.service");
  Entry forged{{"_SYSTEMD_UNIT", "user@1000.service"},
               {"SYSLOG_IDENTIFIER", "earlyoom"},
               {"MESSAGE", kTerm}};
  EXPECT_FALSE(forged.summary.producerRank == 0 && fresh.mayBeKill(forged.summary));
  EXPECT_FALSE(forged.recognizedBy(fresh));
  Entry noUnit{{"SYSLOG_IDENTIFIER", "earlyoom.service"}, {"MESSAGE", kTerm}};
  EXPECT_FALSE(noUnit.recognizedBy(fresh));
  // Turned off.
  UserspaceKillRecognizer off("");
  EXPECT_FALSE(real.recognizedBy(off));
}

TEST(UserspaceKillRecognizer, SigtermThenSigkillToOneProcessIsOneKill) {
  UserspaceKillRecognizer recognizer("earlyoom.service");
  Entry term{{"_SYSTEMD_UNIT", "earlyoom.service"}, {"MESSAGE", kTerm}};
  Entry kill{{"_SYSTEMD_UNIT", "earlyoom.service"},
             {"MESSAGE", "sending SIGKILL to process 4321 uid 1000 \"hog\": badness 900"}};
  EXPECT_TRUE(term.recognizedBy(recognizer, 100));
  EXPECT_FALSE(kill.recognizedBy(recognizer, 105));
  // The pid reused long after is another kill.
  EXPECT_TRUE(term.recognizedBy(recognizer, 100 + UserspaceKillRecognizer::kSamePidSeconds + 1));
}

TEST(UserspaceKillRecognizer, Pid1sOomdRecordCountsOnlyFromPid1) {
  UserspaceKillRecognizer recognizer("earlyoom.service");
  Entry pid1{{"_PID", "1"},
             {"MESSAGE_ID", std::string(kOomdKillMessageId)},
             {"UNIT", "app.service"},
             {"N_PROCESSES", "3"}};
  std::optional<OomKill> kill = pid1.recognizedBy(recognizer);
  ASSERT_TRUE(kill);
  EXPECT_EQ(kill->killer, "systemd-oomd");
  EXPECT_EQ(kill->unit, "app.service");
  EXPECT_EQ(kill->constraint, "memcg");

  Entry forged{
      {"_PID", "4242"}, {"MESSAGE_ID", std::string(kOomdKillMessageId)}, {"UNIT", "app.service"}};
  EXPECT_FALSE(recognizer.mayBeKill(forged.summary));
  EXPECT_FALSE(forged.recognizedBy(recognizer));
}

TEST(UserspaceKillRecognizer, Pid1sRecordOfAKernelKillIsNeverCounted) {
  UserspaceKillRecognizer recognizer("earlyoom.service");
  Entry kernel{
      {"_PID", "1"}, {"MESSAGE_ID", std::string(kUnitOomMessageId)}, {"UNIT", "a.service"}};
  EXPECT_FALSE(kernel.recognizedBy(recognizer));
}

}  // namespace
}  // namespace memwatch
