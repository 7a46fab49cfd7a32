// parseEarlyoomLine() scans earlyoom's kill line field by field; UserspaceKillRecognizer checks
// the trusted fields first and reads a field's text only for the entries that pass.
#include "collectors/journal/userspace_kill_record.h"

#include <algorithm>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

// TASK_COMM_LEN - 1: the kernel keeps a task's name in 16 bytes with its NUL.
constexpr std::size_t kMaxCommBytes = 15;

// Consumes the digits at the front of `text`.
std::optional<std::uint64_t> consumeNumber(std::string_view& text) {
  const std::size_t end = std::min(text.find_first_not_of("0123456789"), text.size());
  std::optional<std::uint64_t> number = parseUnsigned(text.substr(0, end));
  text.remove_prefix(end);
  return number;
}

}  // namespace

std::optional<EarlyoomKill> parseEarlyoomLine(std::string_view message) {
  EarlyoomKill kill;
  std::string_view rest = message;
  if (!consumePrefix(rest, "sending ")) return std::nullopt;
  const std::size_t signalEnd = rest.find(' ');
  if (signalEnd == std::string_view::npos || !rest.starts_with("SIG")) return std::nullopt;
  kill.signal = std::string(rest.substr(0, signalEnd));
  rest.remove_prefix(signalEnd);
  if (!consumePrefix(rest, " to process ")) return std::nullopt;
  std::optional<std::uint64_t> pid = consumeNumber(rest);
  if (!pid || *pid == 0 || *pid > 4194304) return std::nullopt;  // PID_MAX_LIMIT
  kill.pid = static_cast<int>(*pid);
  if (!consumePrefix(rest, " uid ")) return std::nullopt;
  std::optional<std::uint64_t> uid = consumeNumber(rest);
  if (!uid || *uid > 0xffffffffu) return std::nullopt;
  kill.uid = static_cast<std::uint32_t>(*uid);
  if (!consumePrefix(rest, " \"")) return std::nullopt;
  // The name is the victim's comm, at most kMaxCommBytes, and may itself hold '"' or '": ': the
  // last '": ' within that reach ends it. What follows can be the victim's command line (later
  // earlyoom versions print it), which the victim chose: nothing is read from there but the
  // known next field.
  const std::size_t nameEnd = rest.substr(0, kMaxCommBytes + 3).rfind("\": ");
  if (nameEnd == std::string_view::npos) return std::nullopt;
  if (!rest.substr(nameEnd + 3).starts_with("badness ") &&
      !rest.substr(nameEnd + 3).starts_with("oom_score ")) {
    return std::nullopt;
  }
  kill.name = std::string(rest.substr(0, nameEnd));
  return kill;
}

bool UserspaceKillRecognizer::mayBeKill(const JournalEntrySummary& summary) const {
  if (summary.pid == 1) {
    return summary.hasMessageId(kOomdKillMessageId) || summary.hasMessageId(kUnitOomMessageId);
  }
  // Rank 0: the producer is _SYSTEMD_UNIT, which journald derives from the sender's cgroup.
  return !earlyoomUnit_.empty() && summary.producerRank == 0 && summary.producer() == earlyoomUnit_;
}

std::optional<OomKill> UserspaceKillRecognizer::recognize(
    const JournalEntrySummary& summary,
    const std::function<std::optional<std::string>(std::string_view)>& field,
    std::int64_t entrySeconds) {
  if (!mayBeKill(summary)) return std::nullopt;
  OomKill kill;
  kill.wallClockSeconds = static_cast<double>(entrySeconds);
  if (summary.pid == 1) {
    // The kernel's kill, already counted from the kernel log.
    if (!summary.hasMessageId(kOomdKillMessageId)) return std::nullopt;
    std::optional<std::string> unit = field("UNIT");
    if (!unit || unit->empty()) return std::nullopt;
    kill.unit = std::move(*unit);
    kill.killer = "systemd-oomd";
    kill.constraint = "memcg";
    return kill;
  }
  std::optional<std::string> message = field("MESSAGE");
  if (!message) return std::nullopt;
  std::optional<EarlyoomKill> line = parseEarlyoomLine(*message);
  if (!line) return std::nullopt;
  while (!recentPids_.empty() && (entrySeconds - recentPids_.front().at > kSamePidSeconds ||
                                  recentPids_.size() >= kMaxRecentPids)) {
    recentPids_.pop_front();
  }
  const bool again = std::any_of(recentPids_.begin(), recentPids_.end(),
                                 [&](const Signalled& s) { return s.pid == line->pid; });
  if (again) return std::nullopt;
  recentPids_.push_back({line->pid, entrySeconds});
  kill.pid = line->pid;
  kill.uid = line->uid;
  kill.comm = std::move(line->name);
  kill.killer = "earlyoom";
  kill.constraint = "none";  // earlyoom watches the whole machine's available memory and swap
  kill.reason = line->signal;
  return kill;
}

}  // namespace memwatch
