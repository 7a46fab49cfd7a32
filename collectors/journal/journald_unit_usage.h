#pragma once

// journald's CPU time and memory read from its unit's cgroup, for where its /proc entry is
// hidden: memwatchd's unit has ProtectProc=invisible, and journald runs as root.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "collectors/procfs/process_stat_parser.h"

namespace memwatch {

// The cgroup of the unit running the journald of a namespace ("" for the system journal),
// relative to a hierarchy's root: system.slice/systemd-journald.service, or for a namespace
// system.slice/system-systemd\x2djournald.slice/systemd-journald@NS.service (systemd puts a
// template's instances in a slice named after the template).
std::string journaldUnitCgroup(const std::string& nameSpace);

// usage_usec of a cgroup v2 cpu.stat, in seconds.
std::optional<double> parseCgroupCpuSeconds(std::string_view cpuStat);
// What /proc/<pid>/stat's resident set comes to, from a memory.stat: anonymous plus mapped file
// pages; v2 names them anon and file_mapped, v1 rss and mapped_file.
std::optional<double> parseCgroupResidentBytes(std::string_view memoryStat);

// Both from the unit's cgroup under `sysfs`: CPU from the unified hierarchy (fs/cgroup, or
// fs/cgroup/unified on a hybrid host, where cpu.stat exists without the cpu controller), memory
// from the v2 memory.stat or else the v1 memory hierarchy's. Either is absent when its file is
// (no such unit, no memory accounting).
struct JournaldUnitUsage {
  std::optional<double> cpuSeconds;
  std::optional<double> residentBytes;
};
JournaldUnitUsage readJournaldUnitUsage(const std::filesystem::path& sysfs,
                                        const std::string& nameSpace);

}  // namespace memwatch
