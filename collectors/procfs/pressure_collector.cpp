// PressureCollector::collect(): node_exporter's PSI counters and memwatch_pressure_ratio from a
// table of resources; irq optional, and a missing or disabled PSI reported as no data; then the
// triggers' families, summed by resource and kind where a trigger's own labels are not needed.
#include "collectors/procfs/pressure_collector.h"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>

#include "collectors/base/scraped_file.h"
#include "collectors/core/family_catalog.h"
#include "collectors/procfs/pressure_parser.h"

namespace memwatch {
namespace {

constexpr double kMicrosecondsPerSecond = 1e6;

// Which node_exporter counter each PSI line feeds; nullptr where node_exporter exports none
// (system-wide cpu "full" is undefined, irq has no "some").
struct ResourceSpec {
  const char* resource;
  bool optional;  // irq exists only on kernels with CONFIG_IRQ_TIME_ACCOUNTING (6.1+)
  const FamilyDescription* some;
  const FamilyDescription* full;
};

constexpr ResourceSpec kResources[] = {
    {"cpu", false, &kNodePressureCpuWaiting, nullptr},
    {"io", false, &kNodePressureIoWaiting, &kNodePressureIoStalled},
    {"memory", false, &kNodePressureMemoryWaiting, &kNodePressureMemoryStalled},
    {"irq", true, nullptr, &kNodePressureIrqStalled},
};

void addCounter(Families& families, const FamilyDescription* description,
                const std::optional<PsiLine>& line) {
  if (description == nullptr || !line) return;
  auto family = makeFamily(*description);
  addSample(family, static_cast<double>(line->totalMicroseconds) / kMicrosecondsPerSecond);
  families.push_back(std::move(family));
}

void addRatios(prometheus::MetricFamily& family, const char* resource, const char* kind,
               const std::optional<PsiLine>& line) {
  if (!line) return;
  const std::pair<const char*, double> windows[] = {
      {"10s", line->avg10Ratio}, {"60s", line->avg60Ratio}, {"300s", line->avg300Ratio}};
  for (const auto& [window, ratio] : windows) {
    addSample(family, ratio, {{"resource", resource}, {"kind", kind}, {"window", window}});
  }
}

// Triggers with the same resource and kind (the default has two memory some triggers) share the
// counters' series; in the order first configured.
struct TriggerTotals {
  std::string resource;
  std::string kind;
  std::uint64_t events = 0;
  std::uint64_t rateLimited = 0;
  std::uint64_t quietMemoryAvailable = 0;
};

std::vector<TriggerTotals> totalsByResourceAndKind(
    const std::vector<PressureTriggerStats::Trigger>& triggers) {
  std::vector<TriggerTotals> totals;
  for (const PressureTriggerStats::Trigger& trigger : triggers) {
    auto it = std::find_if(totals.begin(), totals.end(), [&](const TriggerTotals& t) {
      return t.resource == trigger.spec.resource && t.kind == trigger.spec.kind;
    });
    if (it == totals.end()) {
      it = totals.insert(totals.end(), TriggerTotals{.resource = trigger.spec.resource,
                                                     .kind = trigger.spec.kind});
    }
    it->events += trigger.events;
    it->rateLimited += trigger.rateLimited;
    it->quietMemoryAvailable += trigger.quietMemoryAvailable;
  }
  return totals;
}

void addTriggerFamilies(Families& families, const PressureTriggerStats& stats) {
  const std::vector<PressureTriggerStats::Trigger> triggers = stats.triggers();
  if (triggers.empty()) return;
  auto armed = makeFamily(kPressureTriggers);
  for (const PressureTriggerStats::Trigger& trigger : triggers) {
    addSample(armed, trigger.armed ? 1 : 0,
              {{"resource", trigger.spec.resource},
               {"kind", trigger.spec.kind},
               {"stall_us", std::to_string(trigger.spec.stallMicroseconds)},
               {"window_us", std::to_string(trigger.spec.windowMicroseconds)}});
  }
  families.push_back(std::move(armed));

  auto events = makeFamily(kPressureTriggerEvents);
  auto suppressed = makeFamily(kPressureTriggerSuppressed);
  for (const TriggerTotals& totals : totalsByResourceAndKind(triggers)) {
    addSample(events, static_cast<double>(totals.events),
              {{"resource", totals.resource}, {"kind", totals.kind}});
    addSample(suppressed, static_cast<double>(totals.rateLimited),
              {{"resource", totals.resource}, {"kind", totals.kind}, {"reason", "rate_limit"}});
    // The quiet rule applies to memory triggers only.
    if (totals.resource == "memory") {
      addSample(
          suppressed, static_cast<double>(totals.quietMemoryAvailable),
          {{"resource", totals.resource}, {"kind", totals.kind}, {"reason", "memory_available"}});
    }
  }
  families.push_back(std::move(events));
  families.push_back(std::move(suppressed));
}

}  // namespace

PressureCollector::PressureCollector(std::filesystem::path procfs,
                                     std::shared_ptr<const PressureTriggerStats> triggers)
    : triggers_(std::move(triggers)) {
  const std::filesystem::path directory = std::move(procfs) / "pressure";
  for (const ResourceSpec& spec : kResources) {
    files_.push_back(std::make_unique<ScrapedFile>(directory / spec.resource));
  }
}

Expected<Families> PressureCollector::collect() {
  Families families;
  families.reserve(std::size(kResources) * 2 + 4);
  auto ratios = makeFamily(kPressureRatio);
  ratios.metric.reserve(std::size(kResources) * 6);
  for (std::size_t i = 0; i < std::size(kResources); ++i) {
    const ResourceSpec& spec = kResources[i];
    const std::filesystem::path& path = files_[i]->path();
    Expected<std::string> text = files_[i]->read();
    if (!text) {
      int errnum = text.error().errnum;
      // irq is absent without CONFIG_IRQ_TIME_ACCOUNTING and refused (EOPNOTSUPP) while irq time
      // accounting is off at run time: either way cpu, io and memory are still good.
      if (spec.optional && (errnum == ENOENT || errnum == EOPNOTSUPP)) continue;
      if (errnum == ENOENT && families.empty()) {
        return Error{.message = path.string() +
                                " does not exist: pressure stall information needs Linux >= 4.20 "
                                "built with CONFIG_PSI=y",
                     .errnum = errnum,
                     .noData = true};
      }
      if (errnum == EOPNOTSUPP) {
        return Error{.message = path.string() +
                                " is not supported: PSI is disabled, boot with psi=1 to enable it",
                     .errnum = errnum,
                     .noData = true};
      }
      return text.error();
    }
    Expected<PsiStats> stats = parsePressure(text.value());
    if (!stats) return Error{.message = path.string() + ": " + stats.error().message};

    addCounter(families, spec.some, stats.value().some);
    addCounter(families, spec.full, stats.value().full);
    addRatios(ratios, spec.resource, "some", stats.value().some);
    if (spec.full != nullptr) addRatios(ratios, spec.resource, "full", stats.value().full);
  }
  families.push_back(std::move(ratios));
  if (triggers_) addTriggerFamilies(families, *triggers_);
  return families;
}

}  // namespace memwatch
