// Tests of JournalCursorFile: save and load with the directory created, whitespace around the
// cursor, an empty path, and a failing save logged once.
#include "collectors/journal/journal_cursor_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/log_capture.h"

namespace memwatch {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
  fs::path path =
      fs::path(::testing::TempDir()) / ("memwatch-cursor-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(path);
  return path;
}

TEST(JournalCursorFile, SavesAndLoadsACursorCreatingItsDirectory) {
  const fs::path directory = scratch("saves");
  JournalCursorFile file(directory / "state" / "journal.cursor");
  EXPECT_EQ(file.load(), "");  // nothing saved yet
  file.save("s=abc;i=1f;b=def;m=12;t=34;x=56");
  EXPECT_EQ(JournalCursorFile(directory / "state" / "journal.cursor").load(),
            "s=abc;i=1f;b=def;m=12;t=34;x=56");
  EXPECT_FALSE(fs::exists(directory / "state" / "journal.cursor.new"));  // renamed into place
  fs::remove_all(directory);
}

TEST(JournalCursorFile, ToleratesWhitespaceAnOperatorLeftAround) {
  const fs::path directory = scratch("whitespace");
  fs::create_directories(directory);
  std::ofstream(directory / "cursor") << "  s=abc;i=2\r\n\n";
  EXPECT_EQ(JournalCursorFile(directory / "cursor").load(), "s=abc;i=2");
  fs::remove_all(directory);
}

TEST(JournalCursorFile, AnEmptyPathKeepsNothing) {
  JournalCursorFile file("");
  file.save("s=abc");
  EXPECT_EQ(file.load(), "");
}

TEST(JournalCursorFile, AFailingSaveIsLoggedOnceUntilOneSucceeds) {
  const fs::path directory = scratch("failing");
  fs::create_directories(directory);
  // A directory where the file should be: the rename onto it fails, every time.
  fs::create_directories(directory / "cursor" / "occupied");
  JournalCursorFile file(directory / "cursor");
  testing::LogCapture capture;
  file.save("s=1");
  file.save("s=2");
  file.save("s=3");
  const std::string text = capture.text();
  EXPECT_EQ(text.find("cannot save the position"), text.rfind("cannot save the position")) << text;
  EXPECT_NE(text.find("cannot save the position"), std::string::npos) << text;
  fs::remove_all(directory / "cursor");
  file.save("s=4");
  EXPECT_EQ(file.load(), "s=4");
  fs::remove_all(directory);
}

}  // namespace
}  // namespace memwatch
