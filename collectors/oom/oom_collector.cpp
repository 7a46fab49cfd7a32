// OomCollector::collect(): kills from OomStats, and /proc/vmstat's oom_kill read first to count
// the kills no kernel log record explains.
#include "collectors/oom/oom_collector.h"

#include "collectors/base/scraped_file.h"
#include "collectors/core/family_catalog.h"
#include "collectors/procfs/vmstat_parser.h"

namespace memwatch {
namespace {

std::optional<double> kernelOomKillCount(const ScrapedFile& vmstat) {
  Expected<std::string> text = vmstat.read();
  if (!text) return std::nullopt;
  Expected<std::vector<VmstatField>> fields = parseVmstat(text.value());
  if (!fields) return std::nullopt;
  for (const VmstatField& field : fields.value()) {
    if (field.name == "oom_kill") return field.value;
  }
  return std::nullopt;  // kernels before 4.13 do not count kills
}

}  // namespace

OomCollector::OomCollector(std::filesystem::path procfs, std::shared_ptr<OomStats> stats)
    : vmstat_(std::move(procfs) / "vmstat"), stats_(std::move(stats)) {}

Expected<Families> OomCollector::collect() {
  // vmstat first: a kill between the two reads then makes the difference one too low, which the
  // export ignores, rather than one too high.
  const std::optional<double> kernelKills = kernelOomKillCount(vmstat_);
  OomStats::Counters counters = stats_->counters();
  if (counters.sourceError) {
    return Error{.message = *counters.sourceError, .lasting = counters.sourceErrorLasting};
  }

  Families families;
  auto kills = makeFamily(kOomKills);
  for (const auto& [constraint, count] : counters.byConstraint) {
    addSample(kills, static_cast<double>(count),
              {{"killer", "kernel"}, {"constraint", constraint}});
  }
  for (const auto& [killerAndConstraint, count] : counters.userspace) {
    addSample(kills, static_cast<double>(count),
              {{"killer", killerAndConstraint.first}, {"constraint", killerAndConstraint.second}});
  }
  families.push_back(std::move(kills));

  auto byUnit = makeFamily(kOomKillsByUnit);
  for (const auto& [unit, count] : counters.byUnit.values()) {
    addSample(byUnit, static_cast<double>(count), {{"unit", unit}});
  }
  families.push_back(std::move(byUnit));

  if (counters.lastKillWallClockSeconds) {
    auto last = makeFamily(kOomLastKillTimestamp);
    addSample(last, *counters.lastKillWallClockSeconds);
    families.push_back(std::move(last));
  }

  if (kernelKills) {
    auto unattributed = makeFamily(kOomKillsUnattributed);
    addSample(unattributed, stats_->settleUnattributed(*kernelKills, counters.kills));
    families.push_back(std::move(unattributed));
  }

  auto lost = makeFamily(kKmsgRecordsLost);
  addSample(lost, static_cast<double>(counters.lostRecords));
  families.push_back(std::move(lost));
  return families;
}

}  // namespace memwatch
