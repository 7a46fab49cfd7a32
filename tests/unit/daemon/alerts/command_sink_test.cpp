// Tests of alerts.command for real: scripts in a temporary directory run with the event's
// environment, a hanging one killed with its children at the timeout, the concurrency bound and
// the queue's drops.
#include "daemon/alerts/command_sink.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

using namespace std::chrono_literals;

class CommandSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("memwatch-command-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string script(const std::string& body) {
    const std::filesystem::path path = dir_ / "alert.sh";
    std::ofstream(path) << "#!/bin/sh\n" << body;
    chmod(path.c_str(), 0755);
    return path;
  }

  static std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  template <typename Predicate>
  static bool waitFor(Predicate predicate, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (predicate()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return predicate();
  }

  std::filesystem::path dir_;
};

TEST_F(CommandSinkTest, RunsTheCommandWithTheEventInItsEnvironment) {
  const std::filesystem::path out = dir_ / "env";
  CommandSink sink({.path = script("env > " + out.string() + ".tmp; mv " + out.string() + ".tmp " +
                                   out.string() + "\n"),
                    .timeout = 5s,
                    .concurrency = 1,
                    .queue = 10,
                    .instance = "host-1"});
  sink.deliver(Event{.what = testing::sampleKill()});
  ASSERT_TRUE(waitFor([&] { return sink.counters()->sent.load() == 1; }));
  const std::string env = read(out);
  EXPECT_NE(env.find("MEMWATCH_EVENT=oom_kill\n"), std::string::npos) << env;
  EXPECT_NE(env.find("MEMWATCH_PID=4242\n"), std::string::npos) << env;
  EXPECT_NE(env.find("MEMWATCH_COMM=my \"app\"\n"), std::string::npos) << env;
  EXPECT_NE(env.find("MEMWATCH_UNIT=app.service\n"), std::string::npos) << env;
  EXPECT_NE(env.find("MEMWATCH_INSTANCE=host-1\n"), std::string::npos) << env;
  EXPECT_EQ(env.find("HOME="), std::string::npos) << env;
  EXPECT_EQ(sink.counters()->failed.load(), 0u);
}

TEST_F(CommandSinkTest, AHangingCommandIsKilledWithItsChildrenAtTheTimeout) {
  const std::filesystem::path pidFile = dir_ / "child.pid";
  CommandSink sink({.path = script("sleep 60 & echo $! > " + pidFile.string() + "\nwait\n"),
                    .timeout = 1s,
                    .concurrency = 1,
                    .queue = 10,
                    .instance = "h"});
  const auto started = std::chrono::steady_clock::now();
  sink.deliver(Event{.what = testing::sampleFlood("chatty", true)});
  ASSERT_TRUE(waitFor([&] { return sink.counters()->failed.load() == 1; }, 5s));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 1s);
  EXPECT_EQ(sink.counters()->sent.load(), 0u);
  // The script's own child went with it: gone, or a zombie waiting for its new parent.
  const std::string pid = read(pidFile);
  ASSERT_FALSE(pid.empty());
  EXPECT_TRUE(waitFor([&] {
    const std::string stat = read("/proc/" + pid.substr(0, pid.find('\n')) + "/stat");
    return stat.empty() || stat.find(") Z ") != std::string::npos;
  }));
}

TEST_F(CommandSinkTest, AFailingCommandCountsAsFailed) {
  CommandSink sink(
      {.path = script("exit 3\n"), .timeout = 5s, .concurrency = 1, .queue = 10, .instance = "h"});
  sink.deliver(Event{.what = testing::samplePressure()});
  ASSERT_TRUE(waitFor([&] { return sink.counters()->failed.load() == 1; }));
  EXPECT_EQ(sink.counters()->sent.load(), 0u);
}

TEST_F(CommandSinkTest, RunsAtMostConcurrencyAtOnce) {
  const std::filesystem::path running = dir_ / "running";
  std::filesystem::create_directories(running);
  const std::filesystem::path seen = dir_ / "seen";
  CommandSink sink(
      {.path = script("touch " + running.string() + "/$$; ls " + running.string() + " | wc -l >> " +
                      seen.string() + "; sleep 0.3; rm " + running.string() + "/$$\n"),
       .timeout = 5s,
       .concurrency = 2,
       .queue = 10,
       .instance = "h"});
  for (int i = 0; i < 6; ++i) sink.deliver(Event{.what = testing::samplePressure()});
  ASSERT_TRUE(waitFor([&] { return sink.counters()->sent.load() == 6; }, 10s));
  std::istringstream counts(read(seen));
  int most = 0;
  for (int n = 0; counts >> n;) most = std::max(most, n);
  EXPECT_EQ(most, 2);
}

TEST_F(CommandSinkTest, AFullQueueDropsTheOldestAndCountsIt) {
  CommandSink sink({.path = script("sleep 0.3\n"),
                    .timeout = 5s,
                    .concurrency = 1,
                    .queue = 2,
                    .instance = "h"});
  for (int i = 0; i < 10; ++i) sink.deliver(Event{.what = testing::samplePressure()});
  EXPECT_LE(sink.counters()->queued.load(), 2u);
  ASSERT_TRUE(waitFor(
      [&] {
        auto c = sink.counters();
        return c->sent.load() + c->dropped.load() == 10;
      },
      10s));
  EXPECT_GE(sink.counters()->dropped.load(), 7u);
  EXPECT_EQ(sink.counters()->queued.load(), 0u);
}

TEST_F(CommandSinkTest, StoppingKillsWhatRunsAtOnce) {
  auto sink = std::make_unique<CommandSink>(CommandSinkSettings{.path = script("sleep 60\n"),
                                                                .timeout = 60s,
                                                                .concurrency = 1,
                                                                .queue = 10,
                                                                .instance = "h"});
  sink->deliver(Event{.what = testing::samplePressure()});
  std::this_thread::sleep_for(200ms);
  const auto started = std::chrono::steady_clock::now();
  sink.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

}  // namespace
}  // namespace memwatch
