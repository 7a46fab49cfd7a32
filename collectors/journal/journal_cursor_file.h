#pragma once

// The journal reader's saved position (--collector.journal.state-file).

#include <filesystem>
#include <string>
#include <string_view>

namespace memwatch {

// Where the journal reader saved its position (--collector.journal.state-file), so that a
// restart resumes after it. An empty path keeps nothing.
class JournalCursorFile {
 public:
  explicit JournalCursorFile(std::filesystem::path path) : path_(std::move(path)) {}

  // The saved cursor, or "" when there is none.
  std::string load() const;
  // Written aside and renamed, so that a crash mid-write never leaves half a cursor; a failure
  // is logged once, until a save succeeds again.
  void save(std::string_view cursor);
  const std::filesystem::path& path() const { return path_; }

 private:
  const std::filesystem::path path_;
  bool saveFailed_ = false;
};

}  // namespace memwatch
