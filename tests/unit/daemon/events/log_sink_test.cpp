// Tests of LogSink: one line per event at its level, host text unable to forge a line, and only
// announced events logged.
#include "daemon/events/log_sink.h"

#include <gtest/gtest.h>

#include "tests/unit/daemon/event_samples.h"
#include "tests/unit/log_capture.h"

namespace memwatch {
namespace {

// The lines LogSink writes for `events`, as spdlog prints them ("<level> <text>").
std::string logged(const std::vector<Event>& events) {
  testing::LogCapture capture;
  LogSink sink;
  for (const Event& event : events) sink.deliver(event);
  return capture.text();
}

TEST(LogSink, OneLinePerEventAtItsLevel) {
  EXPECT_EQ(logged({Event{.what = testing::sampleKill()},
                    Event{.what = testing::sampleFlood("chatty", true)},
                    Event{.what = testing::sampleFlood("chatty", false)}}),
            "warning OOM kill: pid 4242 (my \"app\") in app.service, constraint memcg, anon-rss "
            "32 MiB, total-vm 0 MiB, cgroup /system.slice/app.service\n"
            "warning journal flood started: chatty logs 5000 entries/s, 60000 bytes/s "
            "(thresholds 1000 entries/s, 1048576 bytes/s)\n"
            "info journal flood ended: chatty is down to 5000 entries/s, 60000 bytes/s\n");
}

TEST(LogSink, TextFromTheHostCannotForgeALine) {
  // A journal producer (SYSLOG_IDENTIFIER, _COMM) or an OOM victim's comm may hold any byte,
  // a newline and an escape sequence included: each event is one line, whatever its kind.
  OomKill kill = testing::sampleKill();
  kill.comm = "a\nwarning OOM";
  const std::string text =
      logged({Event{.what = testing::sampleFlood("evil\nwarning forged line\r\x1b[2J", true)},
              Event{.what = testing::sampleFlood("evil\n", false)}, Event{.what = kill}});
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_NE(text.find("journal flood started: evil\\x0awarning forged line\\x0d\\x1b[2J logs"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("journal flood ended: evil\\x0a is down"), std::string::npos) << text;
  EXPECT_NE(text.find("(a\\x0awarning OOM)"), std::string::npos) << text;
}

TEST(LogSink, AlertsAboutAnnouncedEventsOnly) {
  // The kills in the ring buffer at start and floods found catching up are old news.
  EXPECT_FALSE(LogSink().wantsUnannounced());
}

}  // namespace
}  // namespace memwatch
