// JournalCollector::collect(): families built from one JournalStats snapshot, plus journald's CPU
// time and resident memory read from its /proc/PID/stat or else its unit's cgroup.
#include "collectors/journal/journal_collector.h"

#include "collectors/base/wall_clock.h"
#include "collectors/base/whole_file.h"
#include "collectors/core/family_catalog.h"
#include "collectors/journal/journald_unit_usage.h"
#include "collectors/procfs/process_stat_parser.h"

namespace memwatch {
JournalCollector::JournalCollector(std::filesystem::path procfs, std::filesystem::path sysfs,
                                   std::optional<std::string> journaldNamespace,
                                   std::shared_ptr<JournalStats> stats)
    : procfs_(std::move(procfs)),
      sysfs_(std::move(sysfs)),
      journaldNamespace_(std::move(journaldNamespace)),
      stats_(std::move(stats)) {}

Expected<Families> JournalCollector::collect() {
  JournalStats::Snapshot snapshot = stats_->snapshot(wallClockSeconds());
  if (snapshot.sourceError) return Error{.message = *snapshot.sourceError};

  Families families;
  auto entries = makeFamily(kJournalEntries);
  auto bytes = makeFamily(kJournalBytes);
  for (const ProducerTable::ExportedProducer& exported : snapshot.producers.producers) {
    addSample(entries, static_cast<double>(exported.counts.entries),
              {{"producer", exported.producer}});
    addSample(bytes, static_cast<double>(exported.counts.bytes), {{"producer", exported.producer}});
  }
  addSample(entries, static_cast<double>(snapshot.producers.other.entries),
            {{"producer", std::string(kOtherLabelValue)}});
  addSample(bytes, static_cast<double>(snapshot.producers.other.bytes),
            {{"producer", std::string(kOtherLabelValue)}});
  families.push_back(std::move(entries));
  families.push_back(std::move(bytes));

  auto byPriority = makeFamily(kJournalEntriesByPriority);
  for (std::size_t i = 0; i < snapshot.byPriority.size(); ++i) {
    addSample(byPriority, static_cast<double>(snapshot.byPriority[i]),
              {{"priority", JournalStats::kPriorityNames[i]}});
  }
  addSample(byPriority, static_cast<double>(snapshot.withoutPriority), {{"priority", "unknown"}});
  families.push_back(std::move(byPriority));

  // Bounded like the producers' series: the flooding producers that have series of their own,
  // and "other" while any producer without one floods.
  auto active = makeFamily(kJournalFloodActive);
  for (const std::string& producer : snapshot.flooding) {
    addSample(active, 1, {{"producer", producer}});
  }
  families.push_back(std::move(active));

  auto floods = makeFamily(kJournalFloods);
  for (const auto& [producer, count] : snapshot.floods.values()) {
    addSample(floods, static_cast<double>(count), {{"producer", producer}});
  }
  families.push_back(std::move(floods));

  auto suppressed = makeFamily(kJournalSuppressedEntries);
  for (const auto& [producer, count] : snapshot.suppressed.values()) {
    addSample(suppressed, static_cast<double>(count), {{"producer", producer}});
  }
  families.push_back(std::move(suppressed));

  if (snapshot.diskUsage) {
    auto usage = makeFamily(kJournalDiskUsage);
    addSample(usage, static_cast<double>(*snapshot.diskUsage));
    families.push_back(std::move(usage));
  }
  if (snapshot.diskMaxUse) {
    auto maxUse = makeFamily(kJournalDiskMaxUse);
    addSample(maxUse, static_cast<double>(*snapshot.diskMaxUse));
    families.push_back(std::move(maxUse));
  }
  auto lag = makeFamily(kJournalReaderLag);
  addSample(lag, snapshot.lagSeconds);
  families.push_back(std::move(lag));

  JournaldUnitUsage usage;
  if (snapshot.journaldPid > 0) {
    Expected<std::string> text =
        readWholeFile(procfs_ / std::to_string(snapshot.journaldPid) / "stat");
    Expected<ProcessStat> stat =
        text ? parseProcessStat(text.value()) : Expected<ProcessStat>(text.error());
    if (stat) {
      const ProcessUsage fromStat = processUsage(stat.value());
      usage = {.cpuSeconds = fromStat.cpuSeconds, .residentBytes = fromStat.residentBytes};
    }
  } else if (journaldNamespace_) {
    // No journald to be seen under /proc: under memwatchd's unit (ProtectProc=invisible) root's
    // processes are hidden, but the cgroup of journald's unit is not.
    usage = readJournaldUnitUsage(sysfs_, *journaldNamespace_);
  }
  if (usage.cpuSeconds) {
    auto cpu = makeFamily(kJournaldCpuSeconds);
    addSample(cpu, *usage.cpuSeconds);
    families.push_back(std::move(cpu));
  }
  if (usage.residentBytes) {
    auto rss = makeFamily(kJournaldResidentMemory);
    addSample(rss, *usage.residentBytes);
    families.push_back(std::move(rss));
  }
  return families;
}

}  // namespace memwatch
