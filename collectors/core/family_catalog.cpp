// The catalog: memwatchd's own families (scrape, build, alert sinks, process; process_* HELP
// texts are client_golang's, byte for byte) and the groups that list every entry, the collectors'
// own in family_catalog_<collector>.cpp.
#include "collectors/core/family_catalog.h"

namespace memwatch {
namespace {

using prometheus::MetricType;

constexpr LabelDescription kSink{.name = "sink", .oneOf = "alertmanager|command"};
constexpr LabelDescription kCollector{
    .name = "collector", .oneOf = "meminfo|vmstat|pressure|buddyinfo|oom|journal|alerts"};
constexpr LabelDescription kSinkOnly[] = {kSink};
constexpr LabelDescription kCollectorOnly[] = {kCollector};
constexpr LabelDescription kBuildInfoLabels[] = {
    {.name = "revision", .about = "the git revision built, `unknown` outside git"},
    {.name = "version", .about = "memwatch's version"}};

}  // namespace

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
