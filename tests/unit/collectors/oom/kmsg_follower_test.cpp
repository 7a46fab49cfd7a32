// Tests of KmsgFollower: a log that ends or fails at the first read, and a backlog published
// unannounced before live kills announced.
#include "collectors/oom/kmsg_follower.h"

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

#include "tests/unit/event_loop_support.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

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
  auto stats = std::make_shared<OomStats>(5);
  testing::RecordingPublisher published;
  {
    KmsgFollower follower(event, slave, stats, published);
    EXPECT_FALSE(stats->counters().sourceError);
    const std::string record =
        "3,1,100,-;Out of memory: Killed process 7 (a b) total-vm:4kB, anon-rss:4kB, "
        "file-rss:0kB, shmem-rss:0kB\n";
    ASSERT_EQ(write(master, record.data(), record.size()), static_cast<ssize_t>(record.size()));
    EXPECT_TRUE(testing::dispatchOne(event, std::chrono::seconds(5)));
    std::vector<OomKill> announced = published.announced<OomKill>();
    ASSERT_EQ(announced.size(), 1u);
    EXPECT_EQ(announced[0].comm, "a b");

    close(master);
    EXPECT_TRUE(testing::dispatchOne(event, std::chrono::seconds(5)));
    ASSERT_TRUE(stats->counters().sourceError);
    EXPECT_NE(stats->counters().sourceError->find("end of file"), std::string::npos);
    EXPECT_FALSE(testing::dispatchOne(event, std::chrono::milliseconds(0)));  // off: no spinning
    EXPECT_EQ(stats->counters().kills, 1u);
  }
  sd_event_unref(event);
  signal(SIGHUP, previousHangupHandler);
}

TEST(KmsgFollower, ReportsALogThatFailsAtTheFirstRead) {
  sd_event* event = nullptr;
  ASSERT_GE(sd_event_new(&event), 0);
  auto stats = std::make_shared<OomStats>(5);
  {
    testing::RecordingPublisher published;
    KmsgFollower follower(event, "/", stats, published);  // read() fails: EISDIR
    ASSERT_TRUE(stats->counters().sourceError);
    EXPECT_NE(stats->counters().sourceError->find(strerror(EISDIR)), std::string::npos);
    EXPECT_FALSE(testing::dispatchOne(event, std::chrono::milliseconds(0)));
  }
  sd_event_unref(event);
}

TEST(KmsgFollower, PublishesTheBacklogUnannouncedAndLiveKillsAnnounced) {
  sd_event* event = nullptr;
  ASSERT_GE(sd_event_new(&event), 0);
  auto stats = std::make_shared<OomStats>(5);
  testing::RecordingPublisher published;
  {
    // A captured log is all backlog: counted and listed, never alerted on.
    KmsgFollower replay(event, testing::fixture("kmsg/linux-5.15-oom-group.kmsg"), stats,
                        published);
    EXPECT_FALSE(published.all<OomKill>().empty());
    EXPECT_TRUE(published.announced<OomKill>().empty());
    EXPECT_EQ(published.all<OomKill>().size(), stats->counters().kills);
  }
  const auto previousHangupHandler = signal(SIGHUP, SIG_IGN);
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0) << strerror(errno);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  {
    published.events.clear();
    const std::string record =
        "3,1,100,-;Out of memory: Killed process 7 (old) total-vm:4kB, anon-rss:4kB, "
        "file-rss:0kB, shmem-rss:0kB\n";
    // Written before the follower opens the device: what it finds at start is backlog.
    ASSERT_EQ(write(master, record.data(), record.size()), static_cast<ssize_t>(record.size()));
    KmsgFollower follower(event, ptsname(master), stats, published);
    ASSERT_EQ(published.all<OomKill>().size(), 1u);
    EXPECT_FALSE(published.events[0].announce);
    const std::string live =
        "3,2,200,-;Out of memory: Killed process 8 (new) total-vm:4kB, anon-rss:4kB, "
        "file-rss:0kB, shmem-rss:0kB\n";
    ASSERT_EQ(write(master, live.data(), live.size()), static_cast<ssize_t>(live.size()));
    EXPECT_TRUE(testing::dispatchOne(event, std::chrono::seconds(5)));
    ASSERT_EQ(published.announced<OomKill>().size(), 1u);
    EXPECT_EQ(published.announced<OomKill>()[0].comm, "new");
  }
  close(master);
  sd_event_unref(event);
  signal(SIGHUP, previousHangupHandler);
}

}  // namespace
}  // namespace memwatch
