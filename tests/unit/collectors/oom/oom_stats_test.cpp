#include "collectors/oom/oom_stats.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "collectors/oom/kmsg_follower.h"
#include "collectors/oom/oom_collector.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

OomKill killIn(const std::string& unit, int pid) {
  OomKill kill;
  kill.pid = pid;
  kill.unit = unit;
  kill.constraint = "memcg";
  kill.wallClockSeconds = 1000 + pid;
  return kill;
}

TEST(OomStats, BoundsUnitSeriesAndKeepsEveryConstraint) {
  OomStats log(2);
  log.record(killIn("a.service", 1));
  log.record(killIn("b.scope", 2));
  log.record(killIn("c.service", 3));  // beyond the two named units
  log.record(killIn("a.service", 4));
  log.record(killIn("", 5));  // outside any unit: also beyond the bound
  OomStats::Counters counters = log.counters();
  EXPECT_EQ(counters.kills, 5u);
  const auto& byUnit = counters.byUnit.values();
  EXPECT_EQ(byUnit.size(), 3u);
  EXPECT_EQ(byUnit.at("a.service"), 2u);
  EXPECT_EQ(byUnit.at("b.scope"), 1u);
  EXPECT_EQ(byUnit.at("other"), 2u);
  EXPECT_EQ(counters.byConstraint.size(), 4u);
  EXPECT_EQ(counters.byConstraint["memcg"], 5u);
  EXPECT_EQ(counters.byConstraint["none"], 0u);
  EXPECT_EQ(counters.lastKillWallClockSeconds, 1005.0);
}

TEST(OomStats, KeepsTheNewestKillsOnly) {
  OomStats log(10);
  const int total = static_cast<int>(OomStats::kRecentKills) + 50;
  for (int pid = 1; pid <= total; ++pid) log.record(killIn("a.service", pid));
  std::vector<OomKill> recent = log.recentKills();
  ASSERT_EQ(recent.size(), OomStats::kRecentKills);
  EXPECT_EQ(recent.front().pid, total);
  EXPECT_EQ(recent.back().pid, total - static_cast<int>(OomStats::kRecentKills) + 1);
}

TEST(OomCollector, ReportsKillsUnattributedAndSourceErrors) {
  auto log = std::make_shared<OomStats>(5);
  // /proc/vmstat there says the kernel killed 3 processes since boot.
  OomCollector collector(testing::fixture("edge/oom-kills"), log);
  Expected<Families> families = collector.collect();
  ASSERT_TRUE(families);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_total",
                             {{"killer", "kernel"}, {"constraint", "none"}}),
            0);
  EXPECT_EQ(testing::findFamily(families.value(), "memwatch_oom_last_kill_timestamp_seconds"),
            nullptr);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total"), 3);

  log->record(killIn("a.service", 1));
  families = collector.collect();
  ASSERT_TRUE(families);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_by_unit_total",
                             {{"unit", "a.service"}}),
            1);
  // The difference fell to 2, but a counter never goes down.
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total"), 3);

  log->setSourceError("cannot read /dev/kmsg: Operation not permitted");
  EXPECT_FALSE(collector.collect());
}

// A procfs of one vmstat file that the test rewrites between scrapes.
class VmstatFile {
 public:
  VmstatFile()
      : dir_(std::filesystem::temp_directory_path() /
             ("memwatch-oom-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::create_directories(dir_);
  }
  ~VmstatFile() { std::filesystem::remove_all(dir_); }
  void setOomKills(int kills) const {
    std::ofstream(dir_ / "vmstat") << "pgfault 1\noom_kill " << kills << "\n";
  }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  const std::filesystem::path dir_;
};

double unattributedAfterScrape(OomCollector& collector) {
  Expected<Families> families = collector.collect();
  EXPECT_TRUE(families);
  if (!families) return -1;
  return testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total");
}

// The kernel counts a kill in vmstat before it prints it: the difference is one too high for a
// moment. The counter takes a difference only once it has lasted a second, and never goes down.
TEST(OomCollector, UnattributedKillsRiseOnlyToADifferenceThatLasts) {
  using namespace std::chrono_literals;
  OomStats::Clock::time_point now{};
  VmstatFile vmstat;
  auto log = std::make_shared<OomStats>(5, [&now] { return now; });
  OomCollector collector(vmstat.dir(), log);
  vmstat.setOomKills(3);
  EXPECT_EQ(unattributedAfterScrape(collector), 3);  // the first scrape takes it as it is

  vmstat.setOomKills(4);  // counted, not yet read from the log
  EXPECT_EQ(unattributedAfterScrape(collector), 3);
  now += 5ms;  // a second Prometheus server scraping at nearly the same time sees it too
  EXPECT_EQ(unattributedAfterScrape(collector), 3);
  log->record(killIn("a.service", 1));
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 3);

  vmstat.setOomKills(5);  // a kill whose record was overwritten: it stays
  EXPECT_EQ(unattributedAfterScrape(collector), 3);
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 4);
  EXPECT_EQ(unattributedAfterScrape(collector), 4);

  log->record(killIn("a.service", 2));  // more kills read than counted (a replayed log)
  log->record(killIn("a.service", 3));
  EXPECT_EQ(unattributedAfterScrape(collector), 4);
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 4);

  vmstat.setOomKills(9);
  EXPECT_EQ(unattributedAfterScrape(collector), 4);
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 6);

  // A reload makes a new collector on the same log: it goes on from there, transient included.
  OomCollector reloaded(vmstat.dir(), log);
  vmstat.setOomKills(10);
  EXPECT_EQ(unattributedAfterScrape(reloaded), 6);
  log->record(killIn("a.service", 4));
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(reloaded), 6);

  // An OOM storm: at each scrape another kill is counted but not yet read. The difference is
  // the same (7) every time, but it is never the same kill: nothing settles.
  for (int kill = 5; kill < 10; ++kill) {
    vmstat.setOomKills(11 + kill - 5);
    now += 15s;
    EXPECT_EQ(unattributedAfterScrape(reloaded), 6);
    log->record(killIn("a.service", kill));
  }
}

// Runs one iteration of the event loop, waiting at most `timeout`; true if it dispatched one.
bool dispatchOne(sd_event* event, std::chrono::milliseconds timeout) {
  const int r = sd_event_run(event, static_cast<uint64_t>(timeout.count()) * 1000);
  EXPECT_GE(r, 0) << strerror(-r);
  return r > 0;
}

// A log that ends or fails for good stays readable for epoll: following it must stop instead of
// waking the loop forever, and the OOM collector must keep saying why. A pty slave stands in for
// /dev/kmsg (canonical mode hands out one line per read, as /dev/kmsg one record); closing the
// master ends it.
TEST(KmsgFollower, StopsFollowingALogThatEnded) {
  // The slave must not become our controlling terminal, whose hangup would send us SIGHUP.
  const auto previousHangupHandler = signal(SIGHUP, SIG_IGN);
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0) << strerror(errno);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const std::string slave = ptsname(master);
  sd_event* event = nullptr;
  ASSERT_GE(sd_event_new(&event), 0);
  auto log = std::make_shared<OomStats>(5);
  std::vector<OomKill> announced;
  {
    KmsgFollower follower(event, slave, log,
                          [&](const OomKill& kill) { announced.push_back(kill); });
    EXPECT_FALSE(log->counters().sourceError);
    const std::string record =
        "3,1,100,-;Out of memory: Killed process 7 (a b) total-vm:4kB, anon-rss:4kB, "
        "file-rss:0kB, shmem-rss:0kB\n";
    ASSERT_EQ(write(master, record.data(), record.size()), static_cast<ssize_t>(record.size()));
    EXPECT_TRUE(dispatchOne(event, std::chrono::seconds(5)));
    ASSERT_EQ(announced.size(), 1u);
    EXPECT_EQ(announced[0].comm, "a b");

    close(master);
    EXPECT_TRUE(dispatchOne(event, std::chrono::seconds(5)));
    ASSERT_TRUE(log->counters().sourceError);
    EXPECT_NE(log->counters().sourceError->find("end of file"), std::string::npos);
    EXPECT_FALSE(dispatchOne(event, std::chrono::milliseconds(0)));  // off: no spinning
    EXPECT_EQ(log->counters().kills, 1u);
  }
  sd_event_unref(event);
  signal(SIGHUP, previousHangupHandler);
}

TEST(KmsgFollower, ReportsALogThatFailsAtTheFirstRead) {
  sd_event* event = nullptr;
  ASSERT_GE(sd_event_new(&event), 0);
  auto log = std::make_shared<OomStats>(5);
  {
    KmsgFollower follower(event, "/", log, [](const OomKill&) {});  // read() fails: EISDIR
    ASSERT_TRUE(log->counters().sourceError);
    EXPECT_NE(log->counters().sourceError->find(strerror(EISDIR)), std::string::npos);
    EXPECT_FALSE(dispatchOne(event, std::chrono::milliseconds(0)));
  }
  sd_event_unref(event);
}

}  // namespace
}  // namespace memwatch
