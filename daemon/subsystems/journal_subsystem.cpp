// The journal: the reader, the journal collector and /api/v1/journal/{floods,producers}.
#include "collectors/base/wall_clock.h"
#include "collectors/journal/journal_collector.h"
#include "collectors/journal/journal_reader.h"
#include "collectors/journal/journal_stats.h"
#include "collectors/journal/sigbus_guard.h"
#include "daemon/config/option_values.h"
#include "daemon/http/api_json.h"
#include "daemon/subsystems/subsystem_registry.h"

namespace memwatch {
namespace {

class JournalSubsystem : public Subsystem {
 public:
  JournalSubsystem(const Settings& settings, const SubsystemContext& context)
      : context_(context),
        stats_(std::make_shared<JournalStats>(JournalStatsSettings{
            .candidates = settings.journal.candidates,
            .exported = settings.journal.exported,
            .floodWindowSeconds = settings.journal.floodWindowSeconds,
            .floodPolicy = [journal = settings.journal](
                               std::string_view producer) { return journal.policyFor(producer); },
            .ownPid = 0})),
        topProducers_(settings.journal.exported),
        journaldProcfs_(settings.procfs),
        journaldSysfs_(settings.sysfs),
        journaldNamespace_(settings.journal.directory.empty()
                               ? std::optional<std::string>(settings.journal.nameSpace)
                               : std::nullopt) {
    context.queries.topProducers = [stats = stats_](std::size_t count) {
      return stats->busiest(wallClockSeconds(), count);
    };
    // Before the reader maps its first journal file: a file truncated under the mapping would
    // otherwise kill the process.
    installSigbusGuard();
  }

  // journald's process is found and read under --path.procfs as it was at start, so that the
  // reader's lookup and the collector's read agree after a reload that changes it; its unit's
  // cgroup likewise under --path.sysfs, for the journal read since the start.
  std::unique_ptr<Collector> makeCollector(std::string_view, const Settings&) override {
    return std::make_unique<JournalCollector>(journaldProcfs_, journaldSysfs_, journaldNamespace_,
                                              stats_);
  }

  void startSource(const Settings& settings) override {
    if (reader_) return;
    const JournalSettings& journal = settings.journal;
    reader_ = std::make_unique<JournalReader>(
        context_.loop,
        JournalReaderSetup{
            .source = {.nameSpace = journal.nameSpace, .directory = journal.directory},
            .stateFile = journal.stateFile,
            .procfs = journaldProcfs_,
            // journald.conf is read from the host's root: memwatchd has no setting for another
            // one (node_exporter's --path.rootfs would be it).
            .configRoot = "/",
            .earlyoomUnit = journal.earlyoomUnit},
        stats_, context_.events);
  }

  std::vector<JsonRoute> routes() const override {
    return {{"/api/v1/journal/floods",
             [stats = stats_, recent = context_.recentEvents] {
               return journalFloodsJson(stats->flooding(wallClockSeconds()),
                                        recent->journalFloods());
             }},
            {"/api/v1/journal/producers", [stats = stats_, top = topProducers_] {
               return journalProducersJson(stats->busiest(wallClockSeconds(), top));
             }}};
  }

 private:
  const SubsystemContext context_;
  const std::shared_ptr<JournalStats> stats_;
  const std::size_t topProducers_;
  const std::filesystem::path journaldProcfs_;
  const std::filesystem::path journaldSysfs_;
  const std::optional<std::string> journaldNamespace_;
  std::unique_ptr<JournalReader> reader_;
};

// --collector.journal.<name>: every one of them applies only on restart, since the reader and
// the producer table are made with them once.
OptionSpec journalOption(
    std::string name, std::string help, std::string defaultText,
    std::function<std::optional<std::string>(JournalSettings&, const std::string&)> apply) {
  return {.key = "collector.journal." + std::move(name),
          .help = std::move(help),
          .defaultText = std::move(defaultText),
          .appliesOnReload = false,
          .apply = [apply = std::move(apply)](Settings& s, const std::string& v) {
            return apply(s.journal, v);
          }};
}

std::vector<OptionSpec> journalOptions() {
  return {
      journalOption("namespace", "Read this journald namespace instead of the system journal.", "",
                    [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                      j.nameSpace = v;
                      return std::nullopt;
                    }),
      journalOption("directory", "Read the journal files in this directory instead.", "",
                    [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                      j.directory = v;
                      return std::nullopt;
                    }),
      journalOption(
          "state-file",
          "Where the journal reader keeps its position, to resume after a restart; empty for none.",
          "/var/lib/memwatch/journal.cursor",
          [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
            j.stateFile = v;
            return std::nullopt;
          }),
      journalOption("top",
                    "Producers with their own memwatch_journal_* series (the busiest); the rest "
                    "count as \"other\".",
                    "20",
                    [](JournalSettings& j, const std::string& v) {
                      return setWholeNumber(j.exported, v, 1, 1000);
                    }),
      journalOption("producers",
                    "Producers tracked at once, least recently seen evicted first; bounds memory.",
                    "1000",
                    [](JournalSettings& j, const std::string& v) {
                      return setWholeNumber(j.candidates, v, 1, 100000);
                    }),
      journalOption("flood-window", "Window over which a producer's log rate is measured.", "10s",
                    [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                      std::optional<int> seconds = parseWindowSeconds(v);
                      if (!seconds) return "must be a duration from 1s to 60s";
                      j.floodWindowSeconds = *seconds;
                      return std::nullopt;
                    }),
      journalOption("flood-entries-per-second",
                    "A producer floods from this many entries per second over the window.", "1000",
                    [](JournalSettings& j, const std::string& v) {
                      return setPositiveRate(j.thresholds.entriesPerSecond, v);
                    }),
      journalOption("flood-bytes-per-second",
                    "A producer floods from this many MESSAGE bytes per second over the window.",
                    "1048576",
                    [](JournalSettings& j, const std::string& v) {
                      return setPositiveRate(j.thresholds.bytesPerSecond, v);
                    }),
      journalOption("flood-ignore",
                    "Comma-separated globs of producers never reported as flooding.", "",
                    [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                      j.ignored = parseGlobList(v);
                      return std::nullopt;
                    }),
      journalOption("earlyoom-unit",
                    "The unit whose \"sending SIGTERM to process ...\" lines count as earlyoom's "
                    "OOM kills; empty for none. Lines from any other process never count.",
                    "earlyoom.service",
                    [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                      j.earlyoomUnit = v;
                      return std::nullopt;
                    }),
      journalOption("flood-overrides",
                    "Comma-separated GLOB=ENTRIES_PER_SECOND/BYTES_PER_SECOND thresholds for "
                    "matching producers; the first match wins.",
                    "",
                    [](JournalSettings& j, const std::string& v) -> std::optional<std::string> {
                      Expected<std::vector<FloodOverride>> overrides = parseFloodOverrides(v);
                      if (!overrides) return overrides.error().message;
                      j.overrides = std::move(overrides).value();
                      return std::nullopt;
                    }),
  };
}

}  // namespace

SubsystemDescription journalSubsystem() {
  return {.name = "journal",
          .switches = {{"journal", true,
                        "Journal entries, bytes and floods per producer, suppressions and disk use "
                        "(memwatch_journal_*)."}},
          .options = journalOptions(),
          .create = [](const Settings& settings,
                       const SubsystemContext& context) -> std::unique_ptr<Subsystem> {
            return std::make_unique<JournalSubsystem>(settings, context);
          }};
}

}  // namespace memwatch
