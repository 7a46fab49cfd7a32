// The OOM line parsers: prefix matching per message kind, comms ended at the rightmost possible
// tail, and the oom-kill: summary's fields found from both ends.
#include "collectors/oom/oom_message.h"

#include <limits>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

// TASK_COMM_LEN is 16 with the terminating NUL.
constexpr std::size_t kMaxCommLength = 15;

// "Memory cgroup out of memory: " and friends, which say what constrained the kill.
std::optional<std::string> consumeKillPrefix(std::string_view& text) {
  if (consumePrefix(text, "Memory cgroup out of memory: ")) return "memcg";
  if (consumePrefix(text, "Out of memory (oom_kill_allocating_task): ")) return "none";
  if (consumePrefix(text, "Out of memory: ")) return "none";
  return std::nullopt;
}

// "N (comm)" followed by one of `tails`; leaves `text` at the tail. Any user can name a task
// "x) total-vm:1", so the comm ends not at the first tail but at the rightmost one that starts
// within the longest comm: what the kernel prints after the real ')' never holds another ')'.
bool consumePidAndComm(std::string_view& text, std::initializer_list<std::string_view> tails,
                       int& pid, std::string& comm) {
  const std::size_t open = text.find(" (");
  if (open == std::string_view::npos) return false;
  std::optional<int> parsedPid = parseInteger<int>(text.substr(0, open));
  if (!parsedPid || *parsedPid <= 0) return false;
  std::string_view afterOpen = text.substr(open + 2);
  std::size_t best = std::string_view::npos;
  for (std::string_view tail : tails) {
    const std::size_t at = afterOpen.rfind(tail, kMaxCommLength);
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) best = at;
  }
  if (best == std::string_view::npos) return false;
  pid = *parsedPid;
  comm = std::string(afterOpen.substr(0, best));
  text = afterOpen.substr(best);
  return true;
}

// "1234kB" -> bytes.
std::optional<std::uint64_t> parseKilobytes(std::string_view text) {
  if (!text.ends_with("kB")) return std::nullopt;
  std::optional<std::uint64_t> kilobytes = parseUnsigned(text.substr(0, text.size() - 2));
  if (!kilobytes || *kilobytes > std::numeric_limits<std::uint64_t>::max() / 1024) {
    return std::nullopt;
  }
  return *kilobytes * 1024;
}

std::optional<OomMessage> parseKilledProcess(std::string_view text,
                                             std::optional<std::string> prefixConstraint) {
  OomKilledProcess killed;
  killed.prefixConstraint = std::move(prefixConstraint);
  if (!consumePidAndComm(text, {") total-vm:", "), UID "}, killed.pid, killed.comm)) {
    return std::nullopt;
  }
  text.remove_prefix(1);  // the ')'
  bool haveTotalVm = false, haveAnon = false, haveFile = false;
  bool expectUid = false;  // RHEL 7: ", UID 0,"
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(", ", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view token = text.substr(start, end - start);
    start = end + 1;
    if (token.empty()) continue;
    if (expectUid) {
      killed.uid = parseInteger<std::uint32_t>(token);
      if (!killed.uid) return std::nullopt;
      expectUid = false;
      continue;
    }
    if (token == "UID") {
      expectUid = true;
      continue;
    }
    const std::size_t colon = token.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view key = token.substr(0, colon);
    std::string_view value = token.substr(colon + 1);
    if (key == "UID") {
      killed.uid = parseInteger<std::uint32_t>(value);
      if (!killed.uid) return std::nullopt;
    } else if (key == "oom_score_adj") {
      killed.oomScoreAdj = parseInteger<int>(value);
      if (!killed.oomScoreAdj) return std::nullopt;
    } else if (key == "total-vm" || key == "anon-rss" || key == "file-rss" || key == "shmem-rss") {
      std::optional<std::uint64_t> bytes = parseKilobytes(value);
      if (!bytes) return std::nullopt;
      if (key == "total-vm") killed.totalVmBytes = *bytes, haveTotalVm = true;
      if (key == "anon-rss") killed.anonRssBytes = *bytes, haveAnon = true;
      if (key == "file-rss") killed.fileRssBytes = *bytes, haveFile = true;
      if (key == "shmem-rss") killed.shmemRssBytes = *bytes;  // printed since 4.5
    }  // pgtables and keys a later kernel adds are not exported
  }
  if (!haveTotalVm || !haveAnon || !haveFile || expectUid) return std::nullopt;
  return killed;
}

std::optional<OomMessage> parseInvoked(std::string_view text, std::size_t marker) {
  OomInvoked invoked;
  std::string_view comm = text.substr(0, marker);
  if (comm.empty() || comm.size() > kMaxCommLength) return std::nullopt;
  invoked.comm = std::string(comm);
  std::string_view params = text.substr(marker + std::string_view(" invoked oom-killer: ").size());
  while (!params.empty()) {
    const std::size_t comma = params.find(',');
    // Spaces around a ", key=value" pair: 4.9 to 4.18 print "nodemask=(null),  order=0".
    std::string_view pair = trimWhitespace(params.substr(0, comma));
    params = comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    std::string_view key = pair.substr(0, equals);
    std::string_view value = pair.substr(equals + 1);
    if (key == "gfp_mask") invoked.gfpMask = std::string(value);
    if (key == "order") invoked.order = parseInteger<int>(value);
    if (key == "oom_score_adj") invoked.oomScoreAdj = parseInteger<int>(value);
  }
  return invoked;
}

std::optional<std::string> constraintName(std::string_view kernelName) {
  if (kernelName == "CONSTRAINT_NONE") return "none";
  if (kernelName == "CONSTRAINT_MEMCG") return "memcg";
  if (kernelName == "CONSTRAINT_CPUSET") return "cpuset";
  if (kernelName == "CONSTRAINT_MEMORY_POLICY") return "memory_policy";
  return std::nullopt;
}

// The comm and the cgroup paths may hold commas, so the fixed fields are found from both ends:
// constraint first, then uid and pid last, task= just before pid= (a comm is short), and the
// task cgroup between task_memcg= and task=.
std::optional<OomMessage> parseKillSummary(std::string_view text) {
  OomKillSummary summary;
  if (!consumePrefix(text, "constraint=")) return std::nullopt;
  std::optional<std::string> constraint = constraintName(text.substr(0, text.find(',')));
  if (!constraint) return std::nullopt;
  summary.constraint = *constraint;

  const std::size_t uidAt = text.rfind(",uid=");
  if (uidAt == std::string_view::npos) return std::nullopt;
  summary.uid = parseInteger<std::uint32_t>(text.substr(uidAt + 5));
  if (!summary.uid) return std::nullopt;
  const std::size_t pidAt = text.rfind(",pid=", uidAt);
  if (pidAt == std::string_view::npos) return std::nullopt;
  std::optional<int> pid = parseInteger<int>(text.substr(pidAt + 5, uidAt - pidAt - 5));
  if (!pid || *pid <= 0) return std::nullopt;
  summary.pid = *pid;
  const std::size_t windowStart = pidAt > kMaxCommLength + 6 ? pidAt - kMaxCommLength - 6 : 0;
  const std::size_t taskAt = text.find(",task=", windowStart);
  if (taskAt == std::string_view::npos || taskAt >= pidAt) return std::nullopt;
  summary.comm = std::string(text.substr(taskAt + 6, pidAt - taskAt - 6));
  const std::size_t memcgAt = text.find(",task_memcg=");
  if (memcgAt != std::string_view::npos && memcgAt < taskAt) {
    summary.taskCgroup = std::string(text.substr(memcgAt + 12, taskAt - memcgAt - 12));
  }
  return summary;
}

}  // namespace

std::optional<OomMessage> parseOomMessage(std::string_view text) {
  if (consumePrefix(text, "oom-kill:")) return parseKillSummary(text);
  if (text == "Out of memory and no killable processes...") return OomNoKill{};
  if (consumePrefix(text, "oom_reaper: reaped process ")) {
    OomReaped reaped;
    if (!consumePidAndComm(text, {"), now "}, reaped.pid, reaped.comm)) return std::nullopt;
    return reaped;
  }
  if (consumePrefix(text, "Tasks in ")) {
    constexpr std::string_view kGroupTail = " are going to be killed due to memory.oom.group set";
    if (!text.ends_with(kGroupTail) || text.size() == kGroupTail.size()) return std::nullopt;
    return OomGroupKill{.cgroup = std::string(text.substr(0, text.size() - kGroupTail.size()))};
  }
  if (consumePrefix(text, "Task in ")) {
    constexpr std::string_view kMiddle = " killed as a result of limit of ";
    const std::size_t middle = text.find(kMiddle);
    if (middle == std::string_view::npos) return std::nullopt;
    return OomTaskInCgroup{.taskCgroup = std::string(text.substr(0, middle)),
                           .limitCgroup = std::string(text.substr(middle + kMiddle.size()))};
  }
  if (const std::size_t marker = text.find(" invoked oom-killer: ");
      marker != std::string_view::npos) {
    return parseInvoked(text, marker);
  }
  std::optional<std::string> prefixConstraint = consumeKillPrefix(text);
  if (consumePrefix(text, "Killed process ")) {
    return parseKilledProcess(text, std::move(prefixConstraint));
  }
  if (consumePrefix(text, "Kill process ")) {
    OomKillChosen chosen;
    chosen.prefixConstraint = std::move(prefixConstraint);
    if (!consumePidAndComm(text, {") score "}, chosen.pid, chosen.comm)) return std::nullopt;
    return chosen;
  }
  if (consumePrefix(text, "OOM victim ")) {
    OomNoKill skipped;
    std::string comm;
    if (!consumePidAndComm(text, {") is already exiting"}, skipped.pid, comm)) return std::nullopt;
    return skipped;
  }
  return std::nullopt;
}

}  // namespace memwatch
