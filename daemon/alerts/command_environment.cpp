// commandEnvironment(): the base PATH and LANG, then one MEMWATCH_* variable per field.
#include "daemon/alerts/command_environment.h"

#include <fmt/format.h>

#include <algorithm>

#include "collectors/base/rfc3339.h"
#include "daemon/events/event_text.h"

namespace memwatch {
namespace {

class Environment {
 public:
  void add(std::string_view name, std::string_view value) {
    std::string entry(name);
    entry += '=';
    std::copy_if(value.begin(), value.end(), std::back_inserter(entry),
                 [](char c) { return c != '\0'; });
    entries_.push_back(std::move(entry));
  }
  void add(std::string_view name, double value) { add(name, fmt::format("{}", value)); }
  template <typename Integer>
  requires std::is_integral_v<Integer>
  void add(std::string_view name, Integer value) {
    add(name, std::string_view(std::to_string(value)));
  }

  std::vector<std::string> take() { return std::move(entries_); }

 private:
  std::vector<std::string> entries_;
};

}  // namespace

std::vector<std::string> commandEnvironment(const Event& event, const std::string& instance) {
  Environment env;
  env.add("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  env.add("LANG", "C.UTF-8");
  std::visit(Overloaded{[&](const OomKill& kill) {
                          env.add("MEMWATCH_EVENT", "oom_kill");
                          env.add("MEMWATCH_TIME", rfc3339(kill.wallClockSeconds));
                          env.add("MEMWATCH_PID", kill.pid);
                          env.add("MEMWATCH_COMM", kill.comm);
                          if (kill.uid) env.add("MEMWATCH_UID", *kill.uid);
                          env.add("MEMWATCH_CGROUP", kill.cgroup);
                          env.add("MEMWATCH_UNIT", kill.unit);
                          env.add("MEMWATCH_CONSTRAINT", kill.constraint);
                          env.add("MEMWATCH_KILLER", kill.killer);
                          if (!kill.reason.empty()) env.add("MEMWATCH_REASON", kill.reason);
                          env.add("MEMWATCH_TOTAL_VM_BYTES", kill.totalVmBytes);
                          env.add("MEMWATCH_ANON_RSS_BYTES", kill.anonRssBytes);
                          env.add("MEMWATCH_FILE_RSS_BYTES", kill.fileRssBytes);
                          env.add("MEMWATCH_SHMEM_RSS_BYTES", kill.shmemRssBytes);
                          if (kill.oomScoreAdj)
                            env.add("MEMWATCH_OOM_SCORE_ADJ", *kill.oomScoreAdj);
                          if (kill.invokedBy) env.add("MEMWATCH_INVOKED_BY", *kill.invokedBy);
                        },
                        [&](const JournalFlood& flood) {
                          env.add("MEMWATCH_EVENT", "journal_flood");
                          env.add("MEMWATCH_TIME", rfc3339(flood.wallClockSeconds));
                          env.add("MEMWATCH_PRODUCER", flood.producer);
                          env.add("MEMWATCH_FLOOD", flood.started ? "started" : "ended");
                          env.add("MEMWATCH_ENTRIES_PER_SECOND", flood.entriesPerSecond);
                          env.add("MEMWATCH_BYTES_PER_SECOND", flood.bytesPerSecond);
                          env.add("MEMWATCH_THRESHOLD_ENTRIES_PER_SECOND",
                                  flood.thresholds.entriesPerSecond);
                          env.add("MEMWATCH_THRESHOLD_BYTES_PER_SECOND",
                                  flood.thresholds.bytesPerSecond);
                        },
                        [&](const MemoryPressure& pressure) {
                          env.add("MEMWATCH_EVENT", "memory_pressure");
                          env.add("MEMWATCH_TIME", rfc3339(pressure.wallClockSeconds));
                          env.add("MEMWATCH_RESOURCE", pressure.resource);
                          env.add("MEMWATCH_KIND", pressure.kind);
                          env.add("MEMWATCH_STALL_US", pressure.stallMicroseconds);
                          env.add("MEMWATCH_WINDOW_US", pressure.windowMicroseconds);
                          env.add("MEMWATCH_AVG10", pressure.avg10);
                        }},
             event.what);
  env.add("MEMWATCH_INSTANCE", instance);
  env.add("MEMWATCH_MESSAGE", describeEvent(event));
  return env.take();
}

}  // namespace memwatch
