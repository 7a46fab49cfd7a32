// JournalCursorFile: the cursor written to a .new file renamed over the old one; a failing save
// warned about once.
#include "collectors/journal/journal_cursor_file.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "collectors/base/text_scan.h"
#include "collectors/base/whole_file.h"

namespace memwatch {

std::string JournalCursorFile::load() const {
  if (path_.empty()) return "";
  Expected<std::string> saved = readWholeFile(path_);
  return saved ? std::string(trimWhitespace(saved.value())) : "";
}

void JournalCursorFile::save(std::string_view cursor) {
  if (path_.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(path_.parent_path(), error);
  const std::filesystem::path temporary = path_.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << cursor << '\n';
    if (!out.flush()) {
      if (!saveFailed_) {
        spdlog::warn("journal: cannot save the position in {}: {}", path_.string(),
                     strerror(errno));
      }
      saveFailed_ = true;
      return;
    }
  }
  std::filesystem::rename(temporary, path_, error);
  if (error && !saveFailed_) {
    spdlog::warn("journal: cannot save the position in {}: {}", path_.string(), error.message());
  }
  saveFailed_ = static_cast<bool>(error);
}

}  // namespace memwatch
