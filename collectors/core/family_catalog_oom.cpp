// The catalog's entries of the oom collector: kills from the kernel log and userspace killers.
#include "collectors/core/family_catalog.h"

namespace memwatch {
namespace {

using prometheus::MetricType;

constexpr LabelDescription kOomKillsLabels[] = {
    {.name = "killer",
     .oneOf = "kernel|systemd-oomd|earlyoom",
     .about = "the kernel's OOM killer or a userspace one"},
    {.name = "constraint",
     .oneOf = "none|memcg|cpuset|memory_policy",
     .about = "what ran out: the whole machine, a memory cgroup, a cpuset or a NUMA policy"}};
constexpr LabelDescription kUnit[] = {
    {.name = "unit",
     .about = "the victim's innermost systemd unit; `none` outside any unit, `other` for the "
              "units without a series of their own"}};

}  // namespace

constexpr FamilyDescription kOomKills{
    .name = "memwatch_oom_kills_total",
    .type = MetricType::Counter,
    .help =
        "Processes the kernel's OOM killer killed since memwatchd started reading the kernel "
        "log (including the kills still in its ring buffer at start), and kills by userspace "
        "OOM killers (systemd-oomd, earlyoom) since memwatchd started.",
    .labels = kOomKillsLabels,
    .meaning =
        "Kills read from the kernel log, the ring buffer's backlog at start included, by "
        "constraint; and kills by systemd-oomd (constraint `memcg`) and earlyoom "
        "(constraint `none`), heard of on D-Bus or read from the journal. Every series "
        "is there from the start, at 0, so that `increase()` sees the first kill.",
    .series = "6: the kernel's 4 constraints, systemd-oomd and earlyoom"};

constexpr FamilyDescription kOomKillsByUnit{
    .name = "memwatch_oom_kills_by_unit_total",
    .type = MetricType::Counter,
    .help =
        "OOM kills by the victim's systemd unit; units beyond the configured number count "
        "under \"other\", kills outside any unit under \"none\".",
    .labels = kUnit,
    .when = "a unit's series from its first kill on",
    .meaning =
        "Kills (the kernel's and userspace ones) by the victim's innermost systemd unit: "
        "the top `--collector.oom.units` units by kills, the rest under `other`.",
    .series =
        "at most K + 1, K = `--collector.oom.units` (default 20): the units with the "
        "most kills, then `other`"};

constexpr FamilyDescription kOomLastKillTimestamp{
    .name = "memwatch_oom_last_kill_timestamp_seconds",
    .type = MetricType::Gauge,
    .help = "Wall-clock time of the newest OOM kill seen, in seconds since the epoch.",
    .when = "only after the first kill seen (the ring buffer's backlog at start included)",
    .meaning = "Wall-clock time of the newest kill.",
    .series = "1"};

constexpr FamilyDescription kOomKillsUnattributed{
    .name = "memwatch_oom_kills_unattributed_total",
    .type = MetricType::Counter,
    .help =
        "OOM kills counted in /proc/vmstat since boot that no kernel log record explains "
        "(overwritten in the ring buffer before memwatchd read it).",
    .when = "where /proc/vmstat counts kills (`oom_kill`, Linux 4.13+)",
    .meaning =
        "`oom_kill` of /proc/vmstat minus the kills read: kills whose records were "
        "overwritten before memwatchd read them. It rises only to a difference that has "
        "held for a second, so a kill whose record is still on its way is not counted.",
    .series = "1"};

constexpr FamilyDescription kKmsgRecordsLost{
    .name = "memwatch_kmsg_records_lost_total",
    .type = MetricType::Counter,
    .help = "Kernel log records overwritten before memwatchd could read them.",
    .meaning = "Kernel log records overwritten while memwatchd was reading (sequence gaps).",
    .series = "1"};

}  // namespace memwatch
