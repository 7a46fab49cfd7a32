// JournaldObserver: the journald pid kept while its /proc entry exists, else looked up again; the
// disk budget read afresh from the configuration at each call.
#include "collectors/journal/journald_observer.h"

#include "collectors/journal/journald_limits.h"
#include "collectors/journal/journald_process.h"

namespace memwatch {

JournaldObserver::JournaldObserver(JournalSource source, std::filesystem::path procfs,
                                   std::filesystem::path configRoot)
    : source_(std::move(source)), procfs_(std::move(procfs)), configRoot_(std::move(configRoot)) {}

int JournaldObserver::journaldPid() {
  if (!source_.directory.empty()) return 0;  // files read directly: no journald of theirs
  std::error_code error;
  if (pid_ > 0 && std::filesystem::exists(procfs_ / std::to_string(pid_) / "comm", error)) {
    return pid_;
  }
  pid_ = findJournaldPid(procfs_, source_.nameSpace);
  return pid_;
}

std::optional<std::uint64_t> JournaldObserver::diskBudget() const {
  return journaldDiskBudget(configRoot_, source_.nameSpace, source_.directory);
}

}  // namespace memwatch
