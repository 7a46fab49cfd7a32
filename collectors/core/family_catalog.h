#pragma once

// The catalog of every metric family memwatchd can export. The collectors take their families'
// names, types and HELP from these entries, and docs/metrics.md is written from them
// (memwatch_metrics_reference), so the reference cannot drift from what is exported; a live
// scrape is checked against them (tests/integration/test_metrics_reference.py).

#include <span>
#include <string_view>

#include "collectors/core/family_description.h"

namespace memwatch {

// The families of one collector (or of memwatchd itself), in the order they are exported.
struct FamilyGroup {
  // As in --collector.<name> and node_scrape_collector_success{collector}; empty for the
  // families memwatchd adds to every scrape itself.
  std::string_view collector;
  std::string_view title;
  std::string_view about;
  std::span<const FamilyDescription* const> families;
};

std::span<const FamilyGroup> familyCatalog();

// meminfo
extern const FamilyDescription kNodeMemoryField;
// vmstat
extern const FamilyDescription kNodeVmstatField;
// pressure
extern const FamilyDescription kNodePressureCpuWaiting;
extern const FamilyDescription kNodePressureIoWaiting;
extern const FamilyDescription kNodePressureIoStalled;
extern const FamilyDescription kNodePressureMemoryWaiting;
extern const FamilyDescription kNodePressureMemoryStalled;
extern const FamilyDescription kNodePressureIrqStalled;
extern const FamilyDescription kPressureRatio;
extern const FamilyDescription kPressureTriggers;
extern const FamilyDescription kPressureTriggerEvents;
extern const FamilyDescription kPressureTriggerSuppressed;
// buddyinfo
extern const FamilyDescription kNodeBuddyinfoBlocks;
extern const FamilyDescription kBuddyinfoFreeBytes;
extern const FamilyDescription kBuddyinfoLargestFreeBlock;
extern const FamilyDescription kFragmentationUnusableRatio;
// oom
extern const FamilyDescription kOomKills;
extern const FamilyDescription kOomKillsByUnit;
extern const FamilyDescription kOomLastKillTimestamp;
extern const FamilyDescription kOomKillsUnattributed;
extern const FamilyDescription kKmsgRecordsLost;
// journal
extern const FamilyDescription kJournalEntries;
extern const FamilyDescription kJournalBytes;
extern const FamilyDescription kJournalEntriesByPriority;
extern const FamilyDescription kJournalFloodActive;
extern const FamilyDescription kJournalFloods;
extern const FamilyDescription kJournalSuppressedEntries;
extern const FamilyDescription kJournalDiskUsage;
extern const FamilyDescription kJournalDiskMaxUse;
extern const FamilyDescription kJournalReaderLag;
extern const FamilyDescription kJournaldCpuSeconds;
extern const FamilyDescription kJournaldResidentMemory;
// alerts
extern const FamilyDescription kAlertsSent;
extern const FamilyDescription kAlertsFailed;
extern const FamilyDescription kAlertsDropped;
extern const FamilyDescription kAlertsQueueLength;
// memwatchd itself
extern const FamilyDescription kScrapeCollectorDuration;
extern const FamilyDescription kScrapeCollectorSuccess;
extern const FamilyDescription kBuildInfo;
extern const FamilyDescription kMappedFileFaults;
extern const FamilyDescription kProcessCpuSeconds;
extern const FamilyDescription kProcessOpenFds;
extern const FamilyDescription kProcessMaxFds;
extern const FamilyDescription kProcessVirtualMemory;
extern const FamilyDescription kProcessVirtualMemoryMax;
extern const FamilyDescription kProcessResidentMemory;
extern const FamilyDescription kProcessStartTime;

}  // namespace memwatch
