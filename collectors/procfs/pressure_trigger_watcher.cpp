// PressureTriggerWatcher: each trigger written with its trailing NUL to a descriptor of its own,
// refusals explained from errno, firings read on EPOLLPRI and gated, EPOLLERR ending a trigger.
#include "collectors/procfs/pressure_trigger_watcher.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <spdlog/spdlog.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cmath>

#include "collectors/base/wall_clock.h"
#include "collectors/base/whole_file.h"
#include "collectors/procfs/pressure_parser.h"

namespace memwatch {
namespace {

constexpr std::uint64_t kUnprivilegedWindowStepMicroseconds = 2'000'000;

// What the kernel's errno means for a trigger, in the operator's terms.
std::string explainRefusal(const PressureTriggerSpec& spec, int error) {
  switch (error) {
    case ENOENT:
      return "pressure stall information needs Linux >= 4.20 built with CONFIG_PSI=y";
    case EOPNOTSUPP:
      return "PSI is disabled, boot with psi=1 to enable it";
    case EACCES:
    case EPERM:
      return "before Linux 6.5 only a process with CAP_SYS_RESOURCE may set a trigger";
    case EINVAL: {
      std::string why = "the kernel does not accept this trigger";
      if (spec.resource == "cpu" && spec.kind == "full") {
        why += "; system-wide cpu full needs Linux >= 5.13";
      }
      if (spec.windowMicroseconds % kUnprivilegedWindowStepMicroseconds != 0) {
        why +=
            "; without CAP_SYS_RESOURCE the window must be a multiple of 2 s (2000000 us, "
            "Linux >= 6.5)";
      }
      return why;
    }
    default:
      return {};
  }
}

std::string refusal(const PressureTriggerSpec& spec, const char* what,
                    const std::filesystem::path& path, int error) {
  std::string text = std::string(what) + " " + path.string() + ": " + strerror(error);
  if (std::string why = explainRefusal(spec, error); !why.empty()) text += " (" + why + ")";
  return text;
}

bool meansNoPsi(int error) { return error == ENOENT || error == EOPNOTSUPP; }

}  // namespace

PressureTriggerWatcher::Trigger::Trigger(PressureTriggerWatcher& owner, std::size_t index,
                                         PressureTriggerSpec spec, std::filesystem::path path,
                                         PressureTriggerGate& gate)
    : owner(owner), index(index), spec(std::move(spec)), path(std::move(path)), gate(gate) {}

PressureTriggerWatcher::Trigger::~Trigger() {
  source.reset();
  if (fd >= 0) close(fd);
}

PressureTriggerWatcher::PressureTriggerWatcher(sd_event* loop, std::filesystem::path procfs,
                                               const PressureTriggerSettings& settings,
                                               std::shared_ptr<PressureTriggerStats> stats,
                                               EventPublisher& events)
    : meminfo_(procfs / "meminfo"), stats_(std::move(stats)), events_(events) {
  // 100 % turns the quiet rule off: MemAvailable never reaches MemTotal anyway, but saying so
  // here does not depend on it.
  std::optional<double> quietRatio;
  if (settings.quietAvailablePercent < 100) quietRatio = settings.quietAvailablePercent / 100.0;
  for (const PressureTriggerSpec& spec : settings.triggers) {
    const std::size_t index = stats_->add(spec);
    // One gate per resource and kind: a stall deep enough to cross "some 140000" and "some
    // 200000" at once is one event, not one per threshold.
    PressureTriggerGate& gate =
        gates_
            .try_emplace({spec.resource, spec.kind}, settings.interval,
                         spec.resource == "memory" ? quietRatio : std::nullopt)
            .first->second;
    auto trigger =
        std::make_unique<Trigger>(*this, index, spec, procfs / "pressure" / spec.resource, gate);
    if (std::optional<Refusal> refused = arm(loop, *trigger)) {
      spdlog::log(refused->noPsi ? spdlog::level::debug : spdlog::level::warn,
                  "pressure trigger '{}' not set, carrying on without it: {}", spec.text(),
                  refused->reason);
      continue;
    }
    stats_->setArmed(index, true);
    spdlog::debug("pressure trigger '{}' set on {}", spec.text(), trigger->path.string());
    triggers_.push_back(std::move(trigger));
  }
}

PressureTriggerWatcher::~PressureTriggerWatcher() = default;

std::optional<PressureTriggerWatcher::Refusal> PressureTriggerWatcher::arm(sd_event* loop,
                                                                           Trigger& trigger) {
  // One descriptor per trigger: the kernel keeps one trigger per open file.
  trigger.fd = open(trigger.path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (trigger.fd < 0) {
    const int error = errno;
    return Refusal{.reason = refusal(trigger.spec, "cannot open", trigger.path, error),
                   .noPsi = meansNoPsi(error)};
  }
  // A fixture tree's pressure files are regular files that a write would corrupt, and that
  // epoll refuses anyway.
  struct statfs filesystem {};
  if (fstatfs(trigger.fd, &filesystem) != 0 || filesystem.f_type != PROC_SUPER_MAGIC) {
    return Refusal{.reason = trigger.path.string() +
                             " is not on procfs: triggers are set in the kernel's /proc"};
  }
  // Documentation/accounting/psi.rst writes the trigger with its terminating NUL.
  const std::string text = trigger.spec.kernelText();
  if (write(trigger.fd, text.c_str(), text.size() + 1) < 0) {
    const int error = errno;
    return Refusal{.reason = refusal(trigger.spec, "cannot set it on", trigger.path, error),
                   .noPsi = meansNoPsi(error)};
  }
  sd_event_source* source = nullptr;
  const int r = sd_event_add_io(loop, &source, trigger.fd, EPOLLPRI,
                                &PressureTriggerWatcher::onPriority, &trigger);
  trigger.source.reset(source);
  if (r < 0)
    return Refusal{.reason = "cannot watch " + trigger.path.string() + ": " + strerror(-r)};
  return std::nullopt;
}

int PressureTriggerWatcher::onPriority(sd_event_source* source, int, uint32_t revents,
                                       void* userdata) {
  Trigger& trigger = *static_cast<Trigger*>(userdata);
  if (revents & (EPOLLERR | EPOLLHUP)) {
    // The kernel drops a trigger whose file goes away (a cgroup's, removed); level-triggered
    // EPOLLERR would wake the loop forever, so the source is turned off (and released with the
    // watcher, not from inside its own callback).
    spdlog::warn(
        "pressure trigger '{}' was dropped by the kernel ({} reports an error); it no "
        "longer fires",
        trigger.spec.text(), trigger.path.string());
    trigger.owner.stats_->setArmed(trigger.index, false);
    sd_event_source_set_enabled(source, SD_EVENT_OFF);
    return 0;
  }
  if (revents & EPOLLPRI) trigger.owner.fire(trigger);
  return 0;
}

void PressureTriggerWatcher::fire(Trigger& trigger) {
  std::optional<double> availableRatio;
  if (trigger.gate.needsAvailableRatio()) {
    Expected<std::string> meminfo = readWholeFile(meminfo_);
    if (meminfo) availableRatio = memoryAvailableRatio(meminfo.value());
  }
  const TriggerVerdict verdict =
      trigger.gate.onFiring(PressureTriggerGate::Clock::now(), availableRatio);
  stats_->count(trigger.index, verdict);
  if (verdict != TriggerVerdict::kPublish) {
    spdlog::debug("pressure trigger '{}' fired, no event ({})", trigger.spec.text(),
                  verdict == TriggerVerdict::kRateLimited ? "rate limit" : "memory available");
    return;
  }
  events_.publish(Event{
      .what =
          MemoryPressure{.resource = trigger.spec.resource,
                         .kind = trigger.spec.kind,
                         .stallMicroseconds = trigger.spec.stallMicroseconds,
                         .windowMicroseconds = trigger.spec.windowMicroseconds,
                         .avg10 = avg10Percent(trigger),
                         .wallClockSeconds = static_cast<double>(wallClockMicroseconds()) / 1e6},
      .announce = true});
}

// The trigger's own descriptor reads like any other of the file: the kernel renders the averages
// afresh for a read from offset 0.
double PressureTriggerWatcher::avg10Percent(const Trigger& trigger) const {
  Expected<std::string> text = readDescriptorToEnd(trigger.fd, ReadFrom::kStart, trigger.path);
  if (!text) return 0;
  Expected<PsiStats> stats = parsePressure(text.value());
  if (!stats) return 0;
  const std::optional<PsiLine>& line =
      trigger.spec.kind == "full" ? stats.value().full : stats.value().some;
  // Back to the kernel's two decimals, which ratio * 100 in binary floating point is not always.
  return line ? std::round(line->avg10Ratio * 10'000) / 100 : 0;
}

}  // namespace memwatch
