// PressureCollector::collect(): node_exporter's PSI counters and memwatch_pressure_ratio from a
// table of resources; irq optional, and a missing or disabled PSI reported as no data.
#include "collectors/procfs/pressure_collector.h"

#include <cerrno>
#include <optional>

#include "collectors/base/scraped_file.h"
#include "collectors/procfs/pressure_parser.h"

namespace memwatch {
namespace {

constexpr double kMicrosecondsPerSecond = 1e6;

// Which node_exporter counter each PSI line feeds; nullptr where node_exporter exports none
// (system-wide cpu "full" is undefined, irq has no "some").
struct ResourceSpec {
  const char* resource;
  bool optional;  // irq exists only on kernels with CONFIG_IRQ_TIME_ACCOUNTING (6.1+)
  const char* someName;
  const char* someHelp;
  const char* fullName;
  const char* fullHelp;
};

constexpr ResourceSpec kResources[] = {
    {"cpu", false, "node_pressure_cpu_waiting_seconds_total",
     "Total time in seconds that processes have waited for CPU time", nullptr, nullptr},
    {"io", false, "node_pressure_io_waiting_seconds_total",
     "Total time in seconds that processes have waited due to IO congestion",
     "node_pressure_io_stalled_seconds_total",
     "Total time in seconds no process could make progress due to IO congestion"},
    {"memory", false, "node_pressure_memory_waiting_seconds_total",
     "Total time in seconds that processes have waited for memory",
     "node_pressure_memory_stalled_seconds_total",
     "Total time in seconds no process could make progress due to memory congestion"},
    {"irq", true, nullptr, nullptr, "node_pressure_irq_stalled_seconds_total",
     "Total time in seconds no process could make progress due to IRQ congestion"},
};

void addCounter(Families& families, const char* name, const char* help,
                const std::optional<PsiLine>& line) {
  if (name == nullptr || !line) return;
  auto family = makeFamily(name, help, prometheus::MetricType::Counter);
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

}  // namespace

PressureCollector::PressureCollector(std::filesystem::path procfs) {
  const std::filesystem::path directory = std::move(procfs) / "pressure";
  for (const ResourceSpec& spec : kResources) {
    files_.push_back(std::make_unique<ScrapedFile>(directory / spec.resource));
  }
}

Expected<Families> PressureCollector::collect() {
  Families families;
  families.reserve(std::size(kResources) * 2 + 1);
  auto ratios = makeFamily("memwatch_pressure_ratio",
                           "Share of wall time in which tasks stalled on the resource, averaged by "
                           "the kernel over the window (PSI avg10/avg60/avg300 divided by 100).",
                           prometheus::MetricType::Gauge);
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

    addCounter(families, spec.someName, spec.someHelp, stats.value().some);
    addCounter(families, spec.fullName, spec.fullHelp, stats.value().full);
    addRatios(ratios, spec.resource, "some", stats.value().some);
    if (spec.fullName != nullptr) addRatios(ratios, spec.resource, "full", stats.value().full);
  }
  families.push_back(std::move(ratios));
  return families;
}

}  // namespace memwatch
