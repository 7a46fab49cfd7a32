// The journal reader on real journal files written by journald (tests/fixtures/journal, see
// make_fixtures.py there), read through the directory source (--collector.journal.directory)
// on a clock set to the files' own time.
#include "collectors/journal/journal_reader.h"

#include <gtest/gtest.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "tests/unit/event_loop_support.h"
#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

namespace fs = std::filesystem;

const fs::path kTwoFiles = testing::fixture("journal/two-files");

// What a plain sd-journal pass over `directory` finds: the first entry's cursor, the newest
// entry's time and the number of entries.
struct Contents {
  std::string firstCursor;
  std::uint64_t newestMicroseconds = 0;
  std::size_t entries = 0;
};

Contents contentsOf(const fs::path& directory) {
  Contents contents;
  sd_journal* journal = nullptr;
  EXPECT_GE(sd_journal_open_directory(&journal, directory.c_str(), 0), 0);
  while (sd_journal_next(journal) > 0) {
    if (contents.entries++ == 0) {
      char* cursor = nullptr;
      sd_journal_get_cursor(journal, &cursor);
      contents.firstCursor = cursor;
      free(cursor);
    }
    sd_journal_get_realtime_usec(journal, &contents.newestMicroseconds);
  }
  sd_journal_close(journal);
  return contents;
}

class JournalReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sd_event_new(&loop_), 0);
    scratch_ = fs::path(::testing::TempDir()) /
               ("memwatch-journal-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(scratch_);
    fs::create_directories(scratch_);
    stateFile_ = scratch_ / "journal.cursor";
  }
  void TearDown() override {
    reader_.reset();
    sd_event_unref(loop_);
    fs::remove_all(scratch_);
  }

  void saveCursor(const std::string& cursor) { std::ofstream(stateFile_) << cursor << "\n"; }

  // Reads `directory` as memwatchd would, at wall-clock time `now` (µs); the constructor reads
  // everything there is to read. A reader still there saves its position first.
  JournalStats& read(const fs::path& directory, std::uint64_t now) {
    reader_.reset();
    stats_ = std::make_shared<JournalStats>(JournalStatsSettings{
        .candidates = 100,
        .exported = 10,
        .floodWindowSeconds = 10,
        .floodPolicy =
            [](std::string_view) {
              return FloodPolicy{.thresholds = {.entriesPerSecond = 2, .bytesPerSecond = 1e12}};
            },
        .ownPid = 1});
    reader_ = std::make_unique<JournalReader>(
        loop_,
        JournalReaderSetup{.source = {.nameSpace = "", .directory = directory},
                           .stateFile = stateFile_,
                           .procfs = "/proc",
                           .configRoot = scratch_,
                           .wallClock = [now] { return now; }},
        stats_, published_);
    return *stats_;
  }

  static std::map<std::string, std::uint64_t> entriesByProducer(JournalStats& stats) {
    std::map<std::string, std::uint64_t> out;
    JournalStats::Snapshot snapshot = stats.snapshot(0);
    for (const auto& producer : snapshot.producers.producers) {
      out[producer.producer] = producer.counts.entries;
    }
    out["other"] = snapshot.producers.other.entries;
    return out;
  }

  static std::uint64_t total(JournalStats& stats) {
    std::uint64_t sum = 0;
    for (const auto& [producer, entries] : entriesByProducer(stats)) sum += entries;
    return sum;
  }

  sd_event* loop_ = nullptr;
  fs::path scratch_;
  fs::path stateFile_;
  testing::RecordingPublisher published_;
  std::shared_ptr<JournalStats> stats_;
  std::unique_ptr<JournalReader> reader_;
};

TEST_F(JournalReaderTest, CountsEveryEntryAfterTheSavedPositionAcrossFiles) {
  const Contents contents = contentsOf(kTwoFiles);
  ASSERT_GT(contents.entries, 44u);
  saveCursor(contents.firstCursor);
  JournalStats& stats = read(kTwoFiles, contents.newestMicroseconds + 1'000'000);
  std::map<std::string, std::uint64_t> entries = entriesByProducer(stats);
  EXPECT_EQ(entries["alpha"], 30u);  // in the archived file
  EXPECT_EQ(entries["beta"], 12u);   // in the active one
  EXPECT_EQ(entries["huge"], 1u);
  EXPECT_EQ(total(stats), contents.entries - 1);  // all but the saved entry, counted before
  JournalStats::Snapshot snapshot = stats.snapshot(0);
  EXPECT_EQ(snapshot.producers.producers.size(), 4u);  // and systemd-journald
  EXPECT_EQ(snapshot.byPriority[3], 12u);              // err
  EXPECT_EQ(snapshot.suppressed.values().at("chatty.service"), 7u);
  EXPECT_EQ(snapshot.lagSeconds, 0);
  EXPECT_FALSE(snapshot.sourceError);
  ASSERT_TRUE(snapshot.diskUsage);
  EXPECT_GT(*snapshot.diskUsage, 0u);
  EXPECT_EQ(snapshot.journaldPid, 0);  // files read directly: no journald of theirs
}

TEST_F(JournalReaderTest, CountsAHugeCompressedMessageToTheByte) {
  const Contents contents = contentsOf(kTwoFiles);
  saveCursor(contents.firstCursor);
  JournalStats& stats = read(kTwoFiles, contents.newestMicroseconds + 1'000'000);
  for (const auto& producer : stats.snapshot(0).producers.producers) {
    if (producer.producer == "huge") {
      EXPECT_EQ(producer.counts.bytes, 100000u);
    }
    if (producer.producer == "alpha") {
      EXPECT_EQ(producer.counts.bytes, 30u * 5);
    }
  }
}

TEST_F(JournalReaderTest, StartsAtTheTailWithoutASavedPosition) {
  const Contents contents = contentsOf(kTwoFiles);
  JournalStats& stats = read(kTwoFiles, contents.newestMicroseconds + 1'000'000);
  EXPECT_EQ(total(stats), 0u);  // what the journal held before memwatchd started is not its
  EXPECT_FALSE(stats.snapshot(0).sourceError);
}

TEST_F(JournalReaderTest, SavesItsPositionForTheNextReader) {
  const Contents contents = contentsOf(kTwoFiles);
  saveCursor(contents.firstCursor);
  read(kTwoFiles, contents.newestMicroseconds + 1'000'000);
  reader_.reset();  // saves where it is: at the newest entry
  JournalStats& again = read(kTwoFiles, contents.newestMicroseconds + 2'000'000);
  EXPECT_EQ(total(again), 0u);
}

TEST_F(JournalReaderTest, CatchesUpOnTheLastHourAtMost) {
  const Contents contents = contentsOf(kTwoFiles);
  saveCursor(contents.firstCursor);
  // memwatchd was down for two hours after the files were written: their entries are older than
  // the catch-up window, so none is counted, and the reader follows from there.
  JournalStats& stats = read(kTwoFiles, contents.newestMicroseconds + 7200ull * 1'000'000);
  EXPECT_EQ(total(stats), 0u);
}

TEST_F(JournalReaderTest, ResumesAtTheFirstEntryWhenTheSavedOneWasVacuumed) {
  // The saved entry was in the archived file, which is gone: everything in what is left counts,
  // its first entry included.
  const Contents contents = contentsOf(kTwoFiles);
  saveCursor(contents.firstCursor);
  const fs::path vacuumed = scratch_ / "vacuumed";
  fs::create_directories(vacuumed);
  fs::copy_file(kTwoFiles / "system.journal", vacuumed / "system.journal");
  const Contents left = contentsOf(vacuumed);
  JournalStats& stats = read(vacuumed, contents.newestMicroseconds + 1'000'000);
  EXPECT_EQ(total(stats), left.entries);
  EXPECT_EQ(entriesByProducer(stats)["alpha"], 0u);
  EXPECT_EQ(entriesByProducer(stats)["beta"], 12u);
}

TEST_F(JournalReaderTest, FloodsInEntriesReadLiveAreAnnouncedAndInOldOnesNot) {
  const Contents contents = contentsOf(kTwoFiles);
  saveCursor(contents.firstCursor);
  read(kTwoFiles, contents.newestMicroseconds + 1'000'000);
  std::vector<JournalFlood> live = published_.announced<JournalFlood>();
  ASSERT_FALSE(live.empty());
  EXPECT_EQ(live[0].producer, "alpha");  // 30 entries within a second, at 2 per second allowed
  EXPECT_TRUE(live[0].started);

  reader_.reset();  // it saves its position: put the first one back
  published_.events.clear();
  saveCursor(contents.firstCursor);
  // Ten minutes later the same entries are a backlog: listed, not alerted on.
  read(kTwoFiles, contents.newestMicroseconds + 600ull * 1'000'000);
  EXPECT_FALSE(published_.all<JournalFlood>().empty());
  EXPECT_TRUE(published_.announced<JournalFlood>().empty());
}

TEST_F(JournalReaderTest, ADirectoryWithoutFilesIsTheCollectorsError) {
  const fs::path empty = scratch_ / "empty";
  fs::create_directories(empty);
  JournalStats& stats = read(empty, 1'000'000);
  ASSERT_TRUE(stats.snapshot(0).sourceError);
  EXPECT_EQ(*stats.snapshot(0).sourceError,
            "no journal files found for the journal in " + empty.string());
  // Files that appear later are found: here, at the next look.
  fs::copy_file(kTwoFiles / "system.journal", empty / "system.journal");
  EXPECT_TRUE(testing::dispatchOne(loop_, std::chrono::seconds(5)));  // the look 1 s on
  EXPECT_FALSE(stats.snapshot(0).sourceError);
}

}  // namespace
}  // namespace memwatch
