// parseProcessStat() reads the fields after the last ')', so a comm with spaces or ')' does no
// harm; also btime, and ticks and pages turned into seconds and bytes.
#include "collectors/procfs/process_stat_parser.h"

#include <unistd.h>

#include <vector>

#include "collectors/base/text_scan.h"

namespace memwatch {

Expected<ProcessStat> parseProcessStat(std::string_view text) {
  std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) return Error{.message = "no ')' after the command name"};
  // After ')': state(3) ppid(4) ... utime(14) stime(15) ... starttime(22) vsize(23) rss(24).
  std::vector<std::string_view> fields = splitFields(text.substr(close + 1));
  constexpr std::size_t kFirstField = 3;
  auto field = [&](std::size_t number) -> std::optional<std::uint64_t> {
    std::size_t index = number - kFirstField;
    if (index >= fields.size()) return std::nullopt;
    std::string_view token = fields[index];
    if (!token.empty() && token.back() == '\n') token.remove_suffix(1);
    return parseUnsigned(token);
  };
  auto utime = field(14), stime = field(15), start = field(22), vsize = field(23), rss = field(24);
  if (!utime || !stime || !start || !vsize || !rss) {
    return Error{.message = "missing or non-numeric fields in " + quoteForLog(text)};
  }
  return ProcessStat{.userTicks = *utime,
                     .systemTicks = *stime,
                     .startTicksSinceBoot = *start,
                     .virtualMemoryBytes = *vsize,
                     .residentPages = *rss};
}

Expected<std::uint64_t> parseBootTime(std::string_view procStat) {
  for (std::string_view line : splitLines(procStat)) {
    std::vector<std::string_view> parts = splitFields(line);
    if (parts.size() == 2 && parts[0] == "btime") {
      if (auto value = parseUnsigned(parts[1])) return *value;
      return Error{.message = "btime is not a number: " + quoteForLog(line)};
    }
  }
  return Error{.message = "no btime line"};
}

double clockTicksPerSecond() {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ticks;
}

ProcessUsage processUsage(const ProcessStat& stat) {
  static const double pageSizeBytes = static_cast<double>(sysconf(_SC_PAGESIZE));
  return ProcessUsage{
      .cpuSeconds = static_cast<double>(stat.userTicks + stat.systemTicks) / clockTicksPerSecond(),
      .residentBytes = static_cast<double>(stat.residentPages) * pageSizeBytes};
}

}  // namespace memwatch
