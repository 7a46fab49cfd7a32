// The catalog's entries of the collectors reading procfs when Prometheus scrapes: meminfo, vmstat,
// pressure (with its triggers) and buddyinfo. node_* HELP texts are node_exporter's, byte for byte.
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

constexpr std::string_view kEveryPsiResource = "1";

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

}  // namespace memwatch
