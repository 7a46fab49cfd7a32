#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "collectors/base/expected.h"
#include "collectors/core/collector_set.h"
#include "collectors/journal/journal_settings.h"
#include "collectors/journal/journal_stats.h"
#include "collectors/oom/oom_stats.h"
#include "collectors/procfs/vmstat_collector.h"

namespace memwatch {

struct CollectorDescription {
  std::string_view name;
  bool enabledByDefault;
  std::string_view help;
};

// Every collector memwatchd knows, in scrape order; --[no-]collector.<name> exists for each.
std::span<const CollectorDescription> knownCollectors();

// What the collectors need from the configuration.
struct CollectorSettings {
  std::filesystem::path procfs = "/proc";
  std::filesystem::path sysfs = "/sys";
  std::filesystem::path kmsg = "/dev/kmsg";
  std::string vmstatFields = kDefaultVmstatFields;
  std::size_t oomUnitSeries = 20;
  JournalSettings journal;
  std::map<std::string, bool, std::less<>> enabled;  // by name; absent means the default

  bool isEnabled(const CollectorDescription& description) const;
};

// State that event-driven watchers keep across configuration reloads; their collectors only
// read it.
struct EventSources {
  std::shared_ptr<OomStats> oomKills;
  std::shared_ptr<JournalStats> journal;
};

// Fails only on settings that cannot work (an invalid vmstat regex); missing files are scrape
// time errors, so that a collector recovers when its file appears. An event-driven collector
// whose source is absent is left out.
Expected<std::unique_ptr<CollectorSet>> buildCollectorSet(const CollectorSettings& settings,
                                                          const EventSources& sources);

}  // namespace memwatch
