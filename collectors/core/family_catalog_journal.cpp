// The catalog's entries of the journal collector: producers, floods, suppressions, journald.
#include "collectors/core/family_catalog.h"

namespace memwatch {
namespace {

using prometheus::MetricType;

constexpr LabelDescription kProducer{
    .name = "producer",
    .about =
        "_SYSTEMD_UNIT, else _SYSTEMD_USER_UNIT, SYSLOG_IDENTIFIER, _COMM; `other` for the "
        "rest"};
constexpr LabelDescription kProducerOnly[] = {kProducer};
constexpr LabelDescription kPriority[] = {
    {.name = "priority", .oneOf = "emerg|alert|crit|err|warning|notice|info|debug|unknown"}};

constexpr std::string_view kTopKProducers =
    "at most K + 1, K = `--collector.journal.top` (default 20): the busiest producers, then "
    "`other`";

}  // namespace

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

}  // namespace memwatch
