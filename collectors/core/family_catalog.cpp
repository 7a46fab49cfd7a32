// The catalog's entries: for each family its exact name (or pattern), type and HELP as exported,
// its labels, when it is there, what it means and the bound on its series. node_* and process_*
// HELP texts are node_exporter's and client_golang's, byte for byte, for existing dashboards.
#include "collectors/core/family_catalog.h"

namespace memwatch {
namespace {

using prometheus::MetricType;

constexpr LabelDescription kResource{.name = "resource", .oneOf = "cpu|io|memory|irq"};
constexpr LabelDescription kTriggerResource{.name = "resource", .oneOf = "cpu|io|memory"};
constexpr LabelDescription kKind{.name = "kind", .oneOf = "some|full"};
constexpr LabelDescription kNode{.name = "node", .about = "the NUMA node, as buddyinfo names it"};
constexpr LabelDescription kZone{.name = "zone",
                                 .about = "the memory zone (DMA, DMA32, Normal, Movable...)"};
constexpr LabelDescription kProducer{
    .name = "producer",
    .about =
        "_SYSTEMD_UNIT, else _SYSTEMD_USER_UNIT, SYSLOG_IDENTIFIER, _COMM; `other` for the "
        "rest"};
constexpr LabelDescription kSink{.name = "sink", .oneOf = "alertmanager|command"};
constexpr LabelDescription kCollector{
    .name = "collector", .oneOf = "meminfo|vmstat|pressure|buddyinfo|oom|journal|alerts"};

constexpr LabelDescription kTriggerResourceKind[] = {kTriggerResource, kKind};
constexpr LabelDescription kPressureRatioLabels[] = {
    kResource, kKind, {.name = "window", .oneOf = "10s|60s|300s"}};
constexpr LabelDescription kPressureTriggersLabels[] = {
    kTriggerResource,
    kKind,
    {.name = "stall_us", .about = "the trigger's stall threshold, in microseconds"},
    {.name = "window_us", .about = "the trigger's window, in microseconds"}};
constexpr LabelDescription kPressureSuppressedLabels[] = {
    kTriggerResource, kKind, {.name = "reason", .oneOf = "rate_limit|memory_available"}};
constexpr LabelDescription kNodeZoneSize[] = {
    kNode, kZone, {.name = "size", .about = "the order: blocks of 2^size pages"}};
constexpr LabelDescription kNodeZone[] = {kNode, kZone};
constexpr LabelDescription kNodeZoneOrder[] = {
    kNode, kZone, {.name = "order", .about = "the allocation order, 0 to the zone's largest"}};
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
constexpr LabelDescription kProducerOnly[] = {kProducer};
constexpr LabelDescription kPriority[] = {
    {.name = "priority", .oneOf = "emerg|alert|crit|err|warning|notice|info|debug|unknown"}};
constexpr LabelDescription kSinkOnly[] = {kSink};
constexpr LabelDescription kCollectorOnly[] = {kCollector};
constexpr LabelDescription kBuildInfoLabels[] = {
    {.name = "revision", .about = "the git revision built, `unknown` outside git"},
    {.name = "version", .about = "memwatch's version"}};

constexpr std::string_view kEveryPsiResource = "1";
constexpr std::string_view kTopKProducers =
    "at most K + 1, K = `--collector.journal.top` (default 20): the busiest producers, then "
    "`other`";

}  // namespace

constexpr FamilyDescription kNodeMemoryField{
    .name = "node_memory_<Field>",
    .type = MetricType::Gauge,
    .help = "Memory information field <Field>.",
    .meaning =
        "Every line of /proc/meminfo, named as node_exporter names it: `(x)` becomes `_x` "
        "(`Active(anon)` → `Active_anon`), and a line in kB gets `_bytes` and its value × 1024 "
        "(`node_memory_MemAvailable_bytes`); a line without a unit keeps its bare name "
        "(`node_memory_HugePages_Total`).",
    .series = "one per /proc/meminfo line (53 on a Debian 12 VM)"};

constexpr FamilyDescription kNodeVmstatField{
    .name = "node_vmstat_<field>",
    .type = MetricType::Untyped,
    .help = "/proc/vmstat information field <field>.",
    .meaning =
        "The /proc/vmstat fields that `--collector.vmstat.fields` (an ECMAScript regex, "
        "matched anywhere in the name) selects, raw. The default adds allocation stalls, "
        "compaction, reclaim scanning and stealing, THP and workingset counters to "
        "node_exporter's `^(oom_kill|pgpg|pswp|pg.*fault).*`.",
    .series = "one per selected field: 68 with the default regex, about 190 with `.*`"};

constexpr FamilyDescription kNodePressureCpuWaiting{
    .name = "node_pressure_cpu_waiting_seconds_total",
    .type = MetricType::Counter,
    .help = "Total time in seconds that processes have waited for CPU time",
    .meaning =
        "PSI `some` total of /proc/pressure/cpu, µs / 1e6. The system-wide cpu `full` "
        "line is not exported, as in node_exporter.",
    .series = kEveryPsiResource};

constexpr FamilyDescription kNodePressureIoWaiting{
    .name = "node_pressure_io_waiting_seconds_total",
    .type = MetricType::Counter,
    .help = "Total time in seconds that processes have waited due to IO congestion",
    .meaning = "PSI `some` total of /proc/pressure/io, µs / 1e6.",
    .series = kEveryPsiResource};

constexpr FamilyDescription kNodePressureIoStalled{
    .name = "node_pressure_io_stalled_seconds_total",
    .type = MetricType::Counter,
    .help = "Total time in seconds no process could make progress due to IO congestion",
    .meaning = "PSI `full` total of /proc/pressure/io, µs / 1e6.",
    .series = kEveryPsiResource};

constexpr FamilyDescription kNodePressureMemoryWaiting{
    .name = "node_pressure_memory_waiting_seconds_total",
    .type = MetricType::Counter,
    .help = "Total time in seconds that processes have waited for memory",
    .meaning = "PSI `some` total of /proc/pressure/memory, µs / 1e6.",
    .series = kEveryPsiResource};

constexpr FamilyDescription kNodePressureMemoryStalled{
    .name = "node_pressure_memory_stalled_seconds_total",
    .type = MetricType::Counter,
    .help = "Total time in seconds no process could make progress due to memory congestion",
    .meaning = "PSI `full` total of /proc/pressure/memory, µs / 1e6.",
    .series = kEveryPsiResource};

constexpr FamilyDescription kNodePressureIrqStalled{
    .name = "node_pressure_irq_stalled_seconds_total",
    .type = MetricType::Counter,
    .help = "Total time in seconds no process could make progress due to IRQ congestion",
    .when =
        "only where the kernel has /proc/pressure/irq (Linux 6.1+ with "
        "CONFIG_IRQ_TIME_ACCOUNTING, irq time accounting on)",
    .meaning = "PSI `full` total of /proc/pressure/irq, µs / 1e6 (irq has no `some` line).",
    .series = kEveryPsiResource};

constexpr FamilyDescription kPressureRatio{
    .name = "memwatch_pressure_ratio",
    .type = MetricType::Gauge,
    .help =
        "Share of wall time in which tasks stalled on the resource, averaged by the kernel "
        "over the window (PSI avg10/avg60/avg300 divided by 100).",
    .labels = kPressureRatioLabels,
    .meaning =
        "PSI avg10, avg60 and avg300 ÷ 100 for each line node_exporter's counters read "
        "(cpu `some`; io and memory `some` and `full`; irq `full` where it exists).",
    .series = "15: 5 lines × 3 windows (18 where irq PSI exists)"};

constexpr FamilyDescription kPressureTriggers{
    .name = "memwatch_pressure_triggers",
    .type = MetricType::Gauge,
    .help =
        "PSI triggers configured (--pressure.trigger): 1 while set in the kernel, 0 where "
        "the kernel refused it or dropped it (the log says why).",
    .labels = kPressureTriggersLabels,
    .when = "while `--pressure.trigger` configures any (three by default)",
    .meaning =
        "One series per configured trigger: 1 while the kernel has it set, 0 where the "
        "kernel refused it or dropped it (the log says why).",
    .series = "one per `--pressure.trigger` (3 by default)"};

constexpr FamilyDescription kPressureTriggerEvents{
    .name = "memwatch_pressure_trigger_events_total",
    .type = MetricType::Counter,
    .help =
        "PSI trigger firings published as pressure events (logged, sent to the journal, "
        "listed); at most one per trigger per --pressure.trigger-interval.",
    .labels = kTriggerResourceKind,
    .when = "while `--pressure.trigger` configures any (three by default)",
    .meaning =
        "Trigger firings published as events (logged, sent to the journal, listed on "
        "`/api/v1/pressure/triggers`); triggers of the same resource and kind add up.",
    .series = "one per resource and kind among the triggers (2 by default)"};

constexpr FamilyDescription kPressureTriggerSuppressed{
    .name = "memwatch_pressure_trigger_suppressed_total",
    .type = MetricType::Counter,
    .help =
        "PSI trigger firings that made no event: reason rate_limit within "
        "--pressure.trigger-interval of the trigger's last event, memory_available while "
        "MemAvailable was at least --pressure.trigger-quiet-available percent of MemTotal.",
    .labels = kPressureSuppressedLabels,
    .when = "while `--pressure.trigger` configures any (three by default)",
    .meaning =
        "Firings that made no event: within `--pressure.trigger-interval` of the "
        "trigger's last event (`rate_limit`), or, for memory triggers only, while "
        "MemAvailable was at least `--pressure.trigger-quiet-available` percent of "
        "MemTotal (`memory_available`).",
    .series =
        "two per memory resource and kind among the triggers, one per other (4 by "
        "default)"};

constexpr FamilyDescription kNodeBuddyinfoBlocks{
    .name = "node_buddyinfo_blocks",
    .type = MetricType::Gauge,
    .help = "Count of free blocks according to size.",
    .labels = kNodeZoneSize,
    .meaning = "Free blocks of each order in each zone, from /proc/buddyinfo.",
    .series = "one per node × zone × order (11 orders on x86-64)"};

constexpr FamilyDescription kBuddyinfoFreeBytes{
    .name = "memwatch_buddyinfo_free_bytes",
    .type = MetricType::Gauge,
    .help = "Free memory in the zone's buddy allocator free lists, in bytes.",
    .labels = kNodeZone,
    .meaning = "Σ 2^order × free blocks × page size.",
    .series = "one per node × zone"};

constexpr FamilyDescription kBuddyinfoLargestFreeBlock{
    .name = "memwatch_buddyinfo_largest_free_block_bytes",
    .type = MetricType::Gauge,
    .help = "Size of the largest free block in the zone, in bytes (0 when none).",
    .labels = kNodeZone,
    .meaning =
        "The largest allocation the zone can serve without compaction; 0 when the zone "
        "has nothing free.",
    .series = "one per node × zone"};

constexpr FamilyDescription kFragmentationUnusableRatio{
    .name = "memwatch_fragmentation_unusable_ratio",
    .type = MetricType::Gauge,
    .help =
        "Unusable free space index: share of the zone's free memory that sits in blocks "
        "smaller than the order, so cannot serve an allocation of that order (0 when "
        "nothing is free).",
    .labels = kNodeZoneOrder,
    .meaning =
        "(free pages − free pages in blocks of that order or larger) / free pages; 0 "
        "when nothing is free.",
    .series = "one per node × zone × order"};

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

constexpr FamilyDescription kJournalEntries{
    .name = "memwatch_journal_entries_total",
    .type = MetricType::Counter,
    .help =
        "Journal entries by producer (_SYSTEMD_UNIT, else _SYSTEMD_USER_UNIT, "
        "SYSLOG_IDENTIFIER, _COMM); the busiest producers have their own series, counted "
        "from when they got it, and the rest count under \"other\".",
    .labels = kProducerOnly,
    .meaning =
        "Journal entries by producer. `--collector.journal.producers` (default 1000) "
        "bounds the producers tracked at once, least recently seen evicted first.",
    .series = kTopKProducers};

constexpr FamilyDescription kJournalBytes{
    .name = "memwatch_journal_bytes_total",
    .type = MetricType::Counter,
    .help =
        "Bytes of MESSAGE in journal entries, by producer as for "
        "memwatch_journal_entries_total.",
    .labels = kProducerOnly,
    .meaning = "Bytes of MESSAGE in journal entries, by producer.",
    .series = kTopKProducers};

constexpr FamilyDescription kJournalEntriesByPriority{
    .name = "memwatch_journal_entries_by_priority_total",
    .type = MetricType::Counter,
    .help = "Journal entries by syslog priority (\"unknown\" without one).",
    .labels = kPriority,
    .meaning = "Journal entries by PRIORITY; `unknown` for entries without one.",
    .series = "9"};

constexpr FamilyDescription kJournalFloodActive{
    .name = "memwatch_journal_flood_active",
    .type = MetricType::Gauge,
    .help =
        "1 while the producer logs above its flood threshold (\"other\": a producer without "
        "a series of its own).",
    .labels = kProducerOnly,
    .when = "a producer's series only while it floods",
    .meaning =
        "1 while the producer logs above its flood threshold "
        "(`--collector.journal.flood-entries-per-second`, "
        "`--collector.journal.flood-bytes-per-second` over "
        "`--collector.journal.flood-window`, or its `--collector.journal.flood-overrides` "
        "ones); `other` while a producer without a series of its own floods.",
    .series = kTopKProducers};

constexpr FamilyDescription kJournalFloods{
    .name = "memwatch_journal_floods_total",
    .type = MetricType::Counter,
    .help = "Journal floods that started.",
    .labels = kProducerOnly,
    .when = "a producer's series from its first flood on",
    .meaning = "Floods that started, by producer: the top K producers by floods, then `other`.",
    .series = kTopKProducers};

constexpr FamilyDescription kJournalSuppressedEntries{
    .name = "memwatch_journal_suppressed_entries_total",
    .type = MetricType::Counter,
    .help =
        "Entries journald's rate limiter dropped, from its \"Suppressed N messages\" "
        "notices, by the unit they came from.",
    .labels = kProducerOnly,
    .when = "a unit's series from journald's first suppression of its messages on",
    .meaning =
        "`N_DROPPED` of journald's \"Suppressed N messages\" notices, by "
        "`OBJECT_SYSTEMD_UNIT`: the top K units, then `other`.",
    .series = kTopKProducers};

constexpr FamilyDescription kJournalDiskUsage{
    .name = "memwatch_journal_disk_usage_bytes",
    .type = MetricType::Gauge,
    .help = "Disk space the journal files use (journalctl --disk-usage).",
    .when = "once the journal is open and its usage read (every 10 s)",
    .meaning = "What `journalctl --disk-usage` says, read every 10 s.",
    .series = "1"};

constexpr FamilyDescription kJournalDiskMaxUse{
    .name = "memwatch_journal_disk_max_use_bytes",
    .type = MetricType::Gauge,
    .help =
        "The most disk space journald lets its files use (SystemMaxUse= or its default, 10 % "
        "of the file system capped at 4 GiB).",
    .when = "once journald's limits are read (with the disk usage, every 10 s)",
    .meaning =
        "`SystemMaxUse=` (`RuntimeMaxUse=` where `Storage=` keeps the journal in memory: "
        "`volatile`, or `auto` without /var/log/journal; namespaces default to "
        "`persistent`) from journald.conf and its drop-ins, or journald's default: 10 % "
        "of the file system, at most 4 GiB.",
    .series = "1"};

constexpr FamilyDescription kJournalReaderLag{
    .name = "memwatch_journal_reader_lag_seconds",
    .type = MetricType::Gauge,
    .help = "How far behind the newest journal entry memwatchd's reader is.",
    .meaning = "0 when the reader has read everything.",
    .series = "1"};

constexpr std::string_view kJournaldFound =
    "where the journald writing the journal read can be found: its process under "
    "`--path.procfs` as it was at start, or its unit's cgroup under `--path.sysfs`";

constexpr FamilyDescription kJournaldCpuSeconds{
    .name = "memwatch_journald_cpu_seconds_total",
    .type = MetricType::Counter,
    .help =
        "CPU time the journald process writing this journal has used (its unit's, where "
        "/proc hides the process).",
    .when = kJournaldFound,
    .meaning =
        "The CPU time of the journald process writing the journal read; where /proc "
        "hides it (the unit's `ProtectProc=invisible`: journald runs as root), its "
        "unit's, from cpu.stat's usage_usec.",
    .series = "1"};

constexpr FamilyDescription kJournaldResidentMemory{
    .name = "memwatch_journald_resident_memory_bytes",
    .type = MetricType::Gauge,
    .help =
        "Resident memory of the journald process writing this journal (its unit's anonymous "
        "and mapped file memory, where /proc hides the process).",
    .when = kJournaldFound,
    .meaning =
        "The resident memory of the journald process writing the journal read; where "
        "/proc hides it, its unit's memory.stat's anonymous plus mapped file memory.",
    .series = "1"};

constexpr std::string_view kWhileASinkIsConfigured =
    "only while an alert sink is configured (`alerts.alertmanager-url`, `alerts.command`): a "
    "series per configured sink";
constexpr std::string_view kOnePerSink = "one per configured sink: at most 2";

constexpr FamilyDescription kAlertsSent{
    .name = "memwatch_alerts_sent_total",
    .type = MetricType::Counter,
    .help =
        "Alerts an Alertmanager accepted (counted once per Alertmanager), or runs of "
        "alerts.command that exited with status 0.",
    .labels = kSinkOnly,
    .when = kWhileASinkIsConfigured,
    .meaning =
        "Alerts an Alertmanager accepted (2xx; once per Alertmanager); command runs that "
        "exited 0.",
    .series = kOnePerSink};

constexpr FamilyDescription kAlertsFailed{
    .name = "memwatch_alerts_failed_total",
    .type = MetricType::Counter,
    .help =
        "Alerts in POSTs to Alertmanager that failed (each try), or runs of alerts.command "
        "that failed to start, exited non-zero or were killed at alerts.command-timeout.",
    .labels = kSinkOnly,
    .when = kWhileASinkIsConfigured,
    .meaning =
        "Alerts in POSTs that failed (each try); command runs that could not start, "
        "exited non-zero or were killed at the timeout.",
    .series = kOnePerSink};

constexpr FamilyDescription kAlertsDropped{
    .name = "memwatch_alerts_dropped_total",
    .type = MetricType::Counter,
    .help =
        "Alerts (alertmanager) or events (command) dropped because the sink held "
        "alerts.queue of them already.",
    .labels = kSinkOnly,
    .when = kWhileASinkIsConfigured,
    .meaning = "Alerts (alertmanager) or events (command) dropped at the `alerts.queue` bound.",
    .series = kOnePerSink};

constexpr FamilyDescription kAlertsQueueLength{
    .name = "memwatch_alerts_queue_length",
    .type = MetricType::Gauge,
    .help =
        "Alerts held for Alertmanager (firing, and resolved ones still being re-sent), or "
        "events waiting for alerts.command; at most alerts.queue.",
    .labels = kSinkOnly,
    .when = kWhileASinkIsConfigured,
    .meaning =
        "Alerts held for Alertmanager (firing, and resolved ones still re-sent); events "
        "waiting for the command.",
    .series = kOnePerSink};

constexpr FamilyDescription kScrapeCollectorDuration{
    .name = "node_scrape_collector_duration_seconds",
    .type = MetricType::Gauge,
    .help = "node_exporter: Duration of a collector scrape.",
    .labels = kCollectorOnly,
    .meaning = "How long each enabled collector took in this scrape.",
    .series = "one per enabled collector: at most 7"};

constexpr FamilyDescription kScrapeCollectorSuccess{
    .name = "node_scrape_collector_success",
    .type = MetricType::Gauge,
    .help = "node_exporter: Whether a collector succeeded.",
    .labels = kCollectorOnly,
    .meaning =
        "1 when the collector succeeded in this scrape, 0 when it could not read or "
        "parse its input (logged once, rate-limited) or the kernel lacks what it reads "
        "(no PSI); its families are then missing and every other collector's are there.",
    .series = "one per enabled collector: at most 7"};

constexpr FamilyDescription kBuildInfo{
    .name = "memwatch_build_info",
    .type = MetricType::Gauge,
    .help =
        "A metric with a constant '1' value labeled by version and revision from which "
        "memwatchd was built.",
    .labels = kBuildInfoLabels,
    .meaning = "1, labelled with the version and git revision built.",
    .series = "1"};

constexpr FamilyDescription kMappedFileFaults{
    .name = "memwatch_mapped_file_faults_total",
    .type = MetricType::Counter,
    .help =
        "Reads of memory-mapped journal files that had been truncated under the reader "
        "(SIGBUS), survived by reading zeros instead.",
    .meaning =
        "Reads of journal files truncated under the reader (SIGBUS), survived by reading "
        "zeros; sd-journal then skips the damaged entries.",
    .series = "1"};

constexpr std::string_view kOwnProcess = "memwatchd's own process, as client_golang reports it.";

constexpr FamilyDescription kProcessCpuSeconds{
    .name = "process_cpu_seconds_total",
    .type = MetricType::Counter,
    .help = "Total user and system CPU time spent in seconds.",
    .meaning = kOwnProcess,
    .series = "1"};

constexpr FamilyDescription kProcessOpenFds{.name = "process_open_fds",
                                            .type = MetricType::Gauge,
                                            .help = "Number of open file descriptors.",
                                            .meaning = kOwnProcess,
                                            .series = "1"};

constexpr FamilyDescription kProcessMaxFds{
    .name = "process_max_fds",
    .type = MetricType::Gauge,
    .help = "Maximum number of open file descriptors.",
    .meaning = "memwatchd's RLIMIT_NOFILE (the largest uint64 for unlimited).",
    .series = "1"};

constexpr FamilyDescription kProcessVirtualMemory{.name = "process_virtual_memory_bytes",
                                                  .type = MetricType::Gauge,
                                                  .help = "Virtual memory size in bytes.",
                                                  .meaning = kOwnProcess,
                                                  .series = "1"};

constexpr FamilyDescription kProcessVirtualMemoryMax{
    .name = "process_virtual_memory_max_bytes",
    .type = MetricType::Gauge,
    .help = "Maximum amount of virtual memory available in bytes.",
    .meaning = "memwatchd's RLIMIT_AS (the largest uint64 for unlimited).",
    .series = "1"};

constexpr FamilyDescription kProcessResidentMemory{.name = "process_resident_memory_bytes",
                                                   .type = MetricType::Gauge,
                                                   .help = "Resident memory size in bytes.",
                                                   .meaning = kOwnProcess,
                                                   .series = "1"};

constexpr FamilyDescription kProcessStartTime{
    .name = "process_start_time_seconds",
    .type = MetricType::Gauge,
    .help = "Start time of the process since unix epoch in seconds.",
    .meaning = kOwnProcess,
    .series = "1"};

namespace {

constexpr const FamilyDescription* kMeminfo[] = {&kNodeMemoryField};
constexpr const FamilyDescription* kVmstat[] = {&kNodeVmstatField};
constexpr const FamilyDescription* kPressure[] = {&kNodePressureCpuWaiting,
                                                  &kNodePressureIoWaiting,
                                                  &kNodePressureIoStalled,
                                                  &kNodePressureMemoryWaiting,
                                                  &kNodePressureMemoryStalled,
                                                  &kNodePressureIrqStalled,
                                                  &kPressureRatio,
                                                  &kPressureTriggers,
                                                  &kPressureTriggerEvents,
                                                  &kPressureTriggerSuppressed};
constexpr const FamilyDescription* kBuddyinfo[] = {&kNodeBuddyinfoBlocks, &kBuddyinfoFreeBytes,
                                                   &kBuddyinfoLargestFreeBlock,
                                                   &kFragmentationUnusableRatio};
constexpr const FamilyDescription* kOom[] = {&kOomKills, &kOomKillsByUnit, &kOomLastKillTimestamp,
                                             &kOomKillsUnattributed, &kKmsgRecordsLost};
constexpr const FamilyDescription* kJournal[] = {
    &kJournalEntries,     &kJournalBytes,          &kJournalEntriesByPriority,
    &kJournalFloodActive, &kJournalFloods,         &kJournalSuppressedEntries,
    &kJournalDiskUsage,   &kJournalDiskMaxUse,     &kJournalReaderLag,
    &kJournaldCpuSeconds, &kJournaldResidentMemory};
constexpr const FamilyDescription* kAlerts[] = {&kAlertsSent, &kAlertsFailed, &kAlertsDropped,
                                                &kAlertsQueueLength};
constexpr const FamilyDescription* kMemwatchd[] = {
    &kScrapeCollectorDuration, &kScrapeCollectorSuccess, &kBuildInfo,       &kMappedFileFaults,
    &kProcessCpuSeconds,       &kProcessOpenFds,         &kProcessMaxFds,   &kProcessVirtualMemory,
    &kProcessVirtualMemoryMax, &kProcessResidentMemory,  &kProcessStartTime};

constexpr FamilyGroup kGroups[] = {
    {.collector = "meminfo",
     .title = "/proc/meminfo",
     .about = "Read when Prometheus scrapes, like node_exporter's collector of the same name.",
     .families = kMeminfo},
    {.collector = "vmstat",
     .title = "/proc/vmstat",
     .about = "Read when Prometheus scrapes, like node_exporter's collector of the same name.",
     .families = kVmstat},
    {.collector = "pressure",
     .title = "Pressure stall information",
     .about = "/proc/pressure/* read when Prometheus scrapes, like node_exporter's collector of "
              "the same name; where the kernel has no PSI (Linux before 4.20, CONFIG_PSI off, "
              "`psi=0`) the collector reports no data. The triggers (`--pressure.trigger`) are "
              "set in the kernel while the collector is on and fire on the event loop.",
     .families = kPressure},
    {.collector = "buddyinfo",
     .title = "Buddy allocator and fragmentation",
     .about = "/proc/buddyinfo read when Prometheus scrapes: node_exporter's family, and "
              "memwatch's per-zone views of the same free lists.",
     .families = kBuddyinfo},
    {.collector = "oom",
     .title = "OOM kills",
     .about = "The kernel log (/dev/kmsg, `--path.kmsg`) followed on the event loop, its "
              "backlog read at start; systemd-oomd's kills from D-Bus and earlyoom's from the "
              "journal. /proc/vmstat's `oom_kill` is read at each scrape.",
     .families = kOom},
    {.collector = "journal",
     .title = "The systemd journal",
     .about = "The journal (the system's, `--collector.journal.namespace`'s or "
              "`--collector.journal.directory`'s) followed on the event loop; journald's disk "
              "use, limits and process looked at every 10 s.",
     .families = kJournal},
    {.collector = "alerts",
     .title = "Alert sinks",
     .about = "Counters of the alert sinks; the collector exists only while a sink is "
              "configured.",
     .families = kAlerts},
    {.collector = "",
     .title = "memwatchd itself",
     .about = "Added by memwatchd to every scrape, whichever collectors are on.",
     .families = kMemwatchd},
};

}  // namespace

std::span<const FamilyGroup> familyCatalog() { return kGroups; }

}  // namespace memwatch
