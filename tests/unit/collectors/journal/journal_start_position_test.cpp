// Where the reader starts, on the real journal files of tests/fixtures/journal.
#include "collectors/journal/journal_start_position.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "tests/unit/test_support.h"

namespace memwatch {
namespace {

namespace fs = std::filesystem;
using From = StartPosition::From;

class JournalStartPosition : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sd_journal_open_directory(&journal_, kTwoFiles.c_str(), 0), 0);
    ASSERT_GT(sd_journal_next(journal_), 0);
    char* cursor = nullptr;
    sd_journal_get_cursor(journal_, &cursor);
    firstCursor_ = cursor;
    free(cursor);
    sd_journal_get_realtime_usec(journal_, &firstTime_);
    sd_journal_seek_tail(journal_);
    sd_journal_previous(journal_);
    sd_journal_get_realtime_usec(journal_, &newestTime_);
  }
  void TearDown() override { sd_journal_close(journal_); }

  std::string cursorHere() {
    char* cursor = nullptr;
    if (sd_journal_get_cursor(journal_, &cursor) < 0) return "";
    std::string copy = cursor;
    free(cursor);
    return copy;
  }

  const fs::path kTwoFiles = testing::fixture("journal/two-files");
  sd_journal* journal_ = nullptr;
  std::string firstCursor_;
  std::uint64_t firstTime_ = 0;
  std::uint64_t newestTime_ = 0;
};

TEST_F(JournalStartPosition, OnTheSavedEntryWhenItIsThere) {
  StartPosition start =
      positionAtStart(journal_, firstCursor_, StartAt::kTail, newestTime_ + 1'000'000, 3600);
  EXPECT_EQ(start.from, From::kSavedPosition);
  EXPECT_TRUE(start.positioned);
  EXPECT_FALSE(start.pendingCurrent);  // counted before the restart
  EXPECT_EQ(start.lastEntryMicroseconds, firstTime_);
  EXPECT_EQ(cursorHere(), firstCursor_);
}

TEST_F(JournalStartPosition, FromTheCatchUpWindowWhenTheSavedEntryIsTooOld) {
  const std::uint64_t now = newestTime_ + 7200ull * 1'000'000;
  StartPosition start = positionAtStart(journal_, firstCursor_, StartAt::kTail, now, 3600);
  EXPECT_EQ(start.from, From::kCatchUpLimit);
  EXPECT_FALSE(start.positioned);
  EXPECT_EQ(start.lastEntryMicroseconds, now - 3600ull * 1'000'000);
  EXPECT_EQ(sd_journal_next(journal_), 0);  // nothing that recent
}

TEST_F(JournalStartPosition, AtTheNewestEntryWithoutASavedOne) {
  StartPosition start = positionAtStart(journal_, "", StartAt::kTail, newestTime_, 3600);
  EXPECT_EQ(start.from, From::kTail);
  EXPECT_TRUE(start.positioned);
  EXPECT_EQ(start.lastEntryMicroseconds, newestTime_);
  EXPECT_EQ(sd_journal_next(journal_), 0);  // only what comes next counts
}

TEST_F(JournalStartPosition, AtTheCatchUpWindowForAJournalThatAppearedLater) {
  StartPosition start =
      positionAtStart(journal_, "", StartAt::kRecent, newestTime_ + 1'000'000, 3600);
  EXPECT_EQ(start.from, From::kCatchUpWindow);
  EXPECT_GT(sd_journal_next(journal_), 0);
  EXPECT_EQ(cursorHere(), firstCursor_);  // all of it is within the last hour
}

TEST_F(JournalStartPosition, AtTheHeadOfAnEmptyJournal) {
  const fs::path empty =
      fs::path(::testing::TempDir()) / ("memwatch-empty-journal-" + std::to_string(getpid()));
  fs::create_directories(empty);
  sd_journal* nothing = nullptr;
  ASSERT_GE(sd_journal_open_directory(&nothing, empty.c_str(), 0), 0);
  StartPosition start = positionAtStart(nothing, "", StartAt::kTail, newestTime_, 3600);
  EXPECT_EQ(start.from, From::kHeadOfEmpty);
  EXPECT_FALSE(start.positioned);
  sd_journal_close(nothing);
  fs::remove_all(empty);
}

}  // namespace
}  // namespace memwatch
