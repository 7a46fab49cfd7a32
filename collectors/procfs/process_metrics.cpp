// ProcessMetrics::collect(): process_* from /proc/self/stat, the open fd count and getrlimit, with
// the start time worked out once from btime.
#include "collectors/procfs/process_metrics.h"

#include <sys/resource.h>

#include <limits>

#include "collectors/base/scraped_file.h"
#include "collectors/base/whole_file.h"
#include "collectors/core/family_catalog.h"
#include "collectors/procfs/process_stat_parser.h"

namespace memwatch {
namespace {

void addSingle(Families& families, const FamilyDescription& description, double value) {
  auto family = makeFamily(description);
  addSample(family, value);
  families.push_back(std::move(family));
}

// client_golang reports an unlimited rlimit as the largest uint64.
double limitValue(rlim_t limit) {
  if (limit == RLIM_INFINITY) return static_cast<double>(std::numeric_limits<std::uint64_t>::max());
  return static_cast<double>(limit);
}

Expected<ProcessStat> readProcessStat(const ScrapedFile& selfStat) {
  Expected<std::string> text = selfStat.read();
  if (!text) return text.error();
  return parseProcessStat(text.value());
}

std::optional<double> processStartTime(const std::filesystem::path& procfs,
                                       const ScrapedFile& selfStat) {
  Expected<ProcessStat> stat = readProcessStat(selfStat);
  Expected<std::string> procStat = readWholeFile(procfs / "stat");
  if (!stat || !procStat) return std::nullopt;
  Expected<std::uint64_t> bootTime = parseBootTime(procStat.value());
  if (!bootTime) return std::nullopt;
  return static_cast<double>(bootTime.value()) +
         static_cast<double>(stat.value().startTicksSinceBoot) / clockTicksPerSecond();
}

}  // namespace

ProcessMetrics::ProcessMetrics(std::filesystem::path procfs)
    : procfs_(std::move(procfs)),
      selfStat_(procfs_ / "self/stat"),
      openFds_(procfs_ / "self/fd"),
      startTimeSeconds_(processStartTime(procfs_, selfStat_)) {}

Families ProcessMetrics::collect() const {
  Families families;
  Expected<ProcessStat> stat = readProcessStat(selfStat_);
  if (stat) {
    const ProcessStat& s = stat.value();
    addSingle(families, kProcessCpuSeconds, processUsage(s).cpuSeconds);
  }

  if (std::optional<std::size_t> openFds = openFds_.count()) {
    addSingle(families, kProcessOpenFds, static_cast<double>(*openFds));
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    addSingle(families, kProcessMaxFds, limitValue(limit.rlim_cur));
  }

  if (stat) {
    const ProcessStat& s = stat.value();
    addSingle(families, kProcessVirtualMemory, static_cast<double>(s.virtualMemoryBytes));
    if (getrlimit(RLIMIT_AS, &limit) == 0) {
      addSingle(families, kProcessVirtualMemoryMax, limitValue(limit.rlim_cur));
    }
    addSingle(families, kProcessResidentMemory, processUsage(s).residentBytes);
  }
  if (startTimeSeconds_) {
    addSingle(families, kProcessStartTime, *startTimeSeconds_);
  }
  return families;
}

}  // namespace memwatch
