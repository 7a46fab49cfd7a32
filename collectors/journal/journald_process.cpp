#include "collectors/journal/journald_process.h"

#include <system_error>

#include "collectors/base/text_scan.h"
#include "collectors/base/whole_file.h"

namespace memwatch {

int findJournaldPid(const std::filesystem::path& procfs, const std::string& nameSpace) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(procfs, error)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    Expected<std::string> comm = readWholeFile(entry.path() / "comm");
    if (!comm || comm.value() != "systemd-journal\n") continue;
    Expected<std::string> cmdline = readWholeFile(entry.path() / "cmdline");
    if (!cmdline) continue;
    const std::string& args = cmdline.value();
    const std::size_t firstEnd = args.find('\0');
    std::string argument =
        firstEnd == std::string::npos
            ? ""
            : args.substr(firstEnd + 1, args.find('\0', firstEnd + 1) - firstEnd - 1);
    if (argument == nameSpace) return parseInteger<int>(name).value_or(0);
  }
  return 0;
}

}  // namespace memwatch
