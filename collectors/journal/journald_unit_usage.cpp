// journald's unit cgroup: its path, and cpu.stat and memory.stat read from the unified or the v1
// memory hierarchy, whichever has them.
#include "collectors/journal/journald_unit_usage.h"

#include "collectors/base/text_scan.h"
#include "collectors/base/whole_file.h"

namespace memwatch {
namespace {

// The value of a "key value" line of a cgroup stat file.
std::optional<std::uint64_t> statValue(std::string_view text, std::string_view key) {
  for (std::string_view line : splitLines(text)) {
    std::vector<std::string_view> fields = splitFields(line);
    if (fields.size() == 2 && fields[0] == key) return parseUnsigned(fields[1]);
  }
  return std::nullopt;
}

std::optional<std::string> readIfPresent(const std::filesystem::path& path) {
  Expected<std::string> text = readWholeFile(path);
  if (!text) return std::nullopt;
  return std::move(text).value();
}

}  // namespace

std::string journaldUnitCgroup(const std::string& nameSpace) {
  if (nameSpace.empty()) return "system.slice/systemd-journald.service";
  return "system.slice/system-systemd\\x2djournald.slice/systemd-journald@" + nameSpace +
         ".service";
}

std::optional<double> parseCgroupCpuSeconds(std::string_view cpuStat) {
  std::optional<std::uint64_t> micros = statValue(cpuStat, "usage_usec");
  if (!micros) return std::nullopt;
  return static_cast<double>(*micros) / 1e6;
}

std::optional<double> parseCgroupResidentBytes(std::string_view memoryStat) {
  std::optional<std::uint64_t> anon = statValue(memoryStat, "anon");
  std::optional<std::uint64_t> mapped = statValue(memoryStat, "file_mapped");
  if (!anon) {
    anon = statValue(memoryStat, "rss");
    mapped = statValue(memoryStat, "mapped_file");
  }
  if (!anon || !mapped) return std::nullopt;
  return static_cast<double>(*anon + *mapped);
}

JournaldUnitUsage readJournaldUnitUsage(const std::filesystem::path& sysfs,
                                        const std::string& nameSpace) {
  const std::string unit = journaldUnitCgroup(nameSpace);
  const std::filesystem::path cgroupRoot = sysfs / "fs/cgroup";
  JournaldUnitUsage usage;
  for (const std::filesystem::path& unified : {cgroupRoot, cgroupRoot / "unified"}) {
    if (std::optional<std::string> cpuStat = readIfPresent(unified / unit / "cpu.stat")) {
      usage.cpuSeconds = parseCgroupCpuSeconds(*cpuStat);
      if (std::optional<std::string> memoryStat = readIfPresent(unified / unit / "memory.stat")) {
        usage.residentBytes = parseCgroupResidentBytes(*memoryStat);
      }
      break;
    }
  }
  if (!usage.residentBytes) {
    if (std::optional<std::string> memoryStat =
            readIfPresent(cgroupRoot / "memory" / unit / "memory.stat")) {
      usage.residentBytes = parseCgroupResidentBytes(*memoryStat);
    }
  }
  return usage;
}

}  // namespace memwatch
