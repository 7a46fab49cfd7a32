// Tests of the oom collector: kills, unattributed kills and source errors, and an unattributed
// count that rises only to a difference that lasts.
#include "collectors/oom/oom_collector.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/unit/collectors/oom/oom_samples.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

using testing::killIn;

TEST(OomCollector, ReportsKillsUnattributedAndSourceErrors) {
  auto stats = std::make_shared<OomStats>(5);
  // /proc/vmstat there says the kernel killed 3 processes since boot.
  OomCollector collector(testing::fixture("edge/oom-kills"), stats);
  Expected<Families> families = collector.collect();
  ASSERT_TRUE(families);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_total",
                             {{"killer", "kernel"}, {"constraint", "none"}}),
            0);
  EXPECT_EQ(testing::findFamily(families.value(), "memwatch_oom_last_kill_timestamp_seconds"),
            nullptr);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total"), 3);

  stats->record(killIn("a.service", 1));
  families = collector.collect();
  ASSERT_TRUE(families);
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_by_unit_total",
                             {{"unit", "a.service"}}),
            1);
  // The difference fell to 2, but a counter never goes down.
  EXPECT_EQ(testing::valueOf(families.value(), "memwatch_oom_kills_unattributed_total"), 3);

  stats->setSourceError("cannot read /dev/kmsg: Operation not permitted");
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
  auto stats = std::make_shared<OomStats>(5, [&now] { return now; });
  OomCollector collector(vmstat.dir(), stats);
  vmstat.setOomKills(3);
  EXPECT_EQ(unattributedAfterScrape(collector), 3);  // the first scrape takes it as it is

  vmstat.setOomKills(4);  // counted, not yet read from the log
  EXPECT_EQ(unattributedAfterScrape(collector), 3);
  now += 5ms;  // a second Prometheus server scraping at nearly the same time sees it too
  EXPECT_EQ(unattributedAfterScrape(collector), 3);
  stats->record(killIn("a.service", 1));
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 3);

  vmstat.setOomKills(5);  // a kill whose record was overwritten: it stays
  EXPECT_EQ(unattributedAfterScrape(collector), 3);
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 4);
  EXPECT_EQ(unattributedAfterScrape(collector), 4);

  stats->record(killIn("a.service", 2));  // more kills read than counted (a replayed log)
  stats->record(killIn("a.service", 3));
  EXPECT_EQ(unattributedAfterScrape(collector), 4);
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 4);

  vmstat.setOomKills(9);
  EXPECT_EQ(unattributedAfterScrape(collector), 4);
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(collector), 6);

  // A reload makes a new collector on the same counts: it goes on from there, transient included.
  OomCollector reloaded(vmstat.dir(), stats);
  vmstat.setOomKills(10);
  EXPECT_EQ(unattributedAfterScrape(reloaded), 6);
  stats->record(killIn("a.service", 4));
  now += 15s;
  EXPECT_EQ(unattributedAfterScrape(reloaded), 6);

  // An OOM storm: at each scrape another kill is counted but not yet read. The difference is
  // the same (7) every time, but it is never the same kill: nothing settles.
  for (int kill = 5; kill < 10; ++kill) {
    vmstat.setOomKills(11 + kill - 5);
    now += 15s;
    EXPECT_EQ(unattributedAfterScrape(reloaded), 6);
    stats->record(killIn("a.service", kill));
  }
}

}  // namespace
}  // namespace memwatch
