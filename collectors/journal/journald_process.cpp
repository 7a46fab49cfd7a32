// findJournaldPid(): a /proc scan for a systemd-journal process whose first argument is the
// namespace (none for the system journal), using error codes, never exceptions.
#include "collectors/journal/journald_process.h"

#include <system_error>

#include "collectors/base/text_scan.h"
#include "collectors/base/whole_file.h"

namespace memwatch {

int findJournaldPid(const std::filesystem::path& procfs, const std::string& nameSpace) {
  std::error_code error;
  // Incremented with an error code: the range-for's ++ would throw on a failing readdir, and this
  // runs in an event-loop callback.
  for (std::filesystem::directory_iterator it(procfs, error), end; !error && it != end;
       it.increment(error)) {
    const std::filesystem::path& entry = it->path();
    const std::optional<int> pid = parseInteger<int>(entry.filename().string());
    if (!pid || *pid <= 0) continue;
    Expected<std::string> comm = readWholeFile(entry / "comm");
    if (!comm || comm.value() != "systemd-journal\n") continue;
    Expected<std::string> cmdline = readWholeFile(entry / "cmdline");
    if (!cmdline) continue;
    const std::string& args = cmdline.value();
    const std::size_t firstEnd = args.find('\0');
    std::string argument =
        firstEnd == std::string::npos
            ? ""
            : args.substr(firstEnd + 1, args.find('\0', firstEnd + 1) - firstEnd - 1);
    if (argument == nameSpace) return *pid;
  }
  return 0;
}

}  // namespace memwatch
