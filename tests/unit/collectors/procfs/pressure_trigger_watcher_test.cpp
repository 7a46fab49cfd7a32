// Tests of PressureTriggerWatcher: a trigger set in the real kernel (as root), and the triggers it
// refuses, each said once with the reason while the others carry on.
#include "collectors/procfs/pressure_trigger_watcher.h"

#include <gtest/gtest.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "collectors/base/whole_file.h"
#include "tests/unit/event_loop_support.h"
#include "tests/unit/log_capture.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

PressureTriggerSpec spec(std::string_view text) { return parsePressureTriggerSpec(text).value(); }

class PressureTriggerWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sd_event_new(&loop_), 0); }
  void TearDown() override { sd_event_unref(loop_); }

  std::vector<PressureTriggerStats::Trigger> watch(const std::filesystem::path& procfs,
                                                   std::vector<PressureTriggerSpec> triggers) {
    PressureTriggerSettings settings{.triggers = std::move(triggers)};
    PressureTriggerWatcher watcher(loop_, procfs, settings, stats_, published_);
    return stats_->triggers();
  }

  std::size_t countIn(const std::string& text, const std::string& pattern) {
    const std::regex re(pattern);
    return static_cast<std::size_t>(
        std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
  }

  sd_event* loop_ = nullptr;
  std::shared_ptr<PressureTriggerStats> stats_ = std::make_shared<PressureTriggerStats>();
  testing::RecordingPublisher published_;
};

TEST_F(PressureTriggerWatcherTest, SetsATriggerInTheKernel) {
  if (!std::filesystem::exists("/proc/pressure/cpu")) GTEST_SKIP() << "this kernel has no PSI";
  if (geteuid() != 0) GTEST_SKIP() << "before Linux 6.5 setting a trigger needs CAP_SYS_RESOURCE";
  testing::LogCapture log;
  // A 2 s window is allowed without CAP_SYS_RESOURCE too (Linux >= 6.5).
  auto triggers = watch("/proc", {spec("cpu some 500000 2000000"), spec("io full 1 2000000")});
  ASSERT_EQ(triggers.size(), 2u);
  EXPECT_TRUE(triggers[0].armed);
  EXPECT_TRUE(triggers[1].armed);
  EXPECT_EQ(log.text().find("warning"), std::string::npos) << log.text();
}

TEST_F(PressureTriggerWatcherTest, AFixtureTreeIsNeverWrittenAndItsTriggersAreRefused) {
  const std::string memory = testing::fixture("proc/pressure/memory");
  const std::string before = readWholeFile(memory).value();
  testing::LogCapture log;
  auto triggers = watch(testing::fixture("proc"),
                        {spec("memory some 70000 1000000"), spec("cpu some 100000 1000000")});
  ASSERT_EQ(triggers.size(), 2u);
  EXPECT_FALSE(triggers[0].armed);
  EXPECT_FALSE(triggers[1].armed);
  EXPECT_EQ(readWholeFile(memory).value(), before);
  EXPECT_EQ(countIn(log.text(),
                    "warning pressure trigger 'memory some 70000 1000000' not set, "
                    "carrying on without it: .*pressure/memory is not on procfs"),
            1u)
      << log.text();
  EXPECT_EQ(countIn(log.text(), "warning pressure trigger 'cpu some 100000 1000000' not set"), 1u);
}

// The pressure collector says once that there is no PSI ("no data"); the triggers only at debug
// level, so that the log does not say it once more per trigger.
TEST_F(PressureTriggerWatcherTest, NoPressureFilesMeansNoPsiSaidAtDebugLevel) {
  testing::LogCapture log;
  auto triggers = watch(testing::fixture("edge/no-pressure"), {spec("memory full 100000 1000000")});
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_FALSE(triggers[0].armed);
  EXPECT_EQ(log.text().find("warning"), std::string::npos) << log.text();
  EXPECT_EQ(countIn(log.text(),
                    "debug .*cannot open .*pressure/memory: No such file or "
                    "directory \\(pressure stall information needs Linux >= 4.20 "
                    "built with CONFIG_PSI=y\\)"),
            1u)
      << log.text();
  EXPECT_TRUE(published_.events.empty());
}

}  // namespace
}  // namespace memwatch
