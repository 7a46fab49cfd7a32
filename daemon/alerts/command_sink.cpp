// CommandSink: a queue of events, a worker that posix_spawns the command in a process group of
// its own, waits on pidfds and an eventfd with poll(), and kills runs at their timeout.
#include "daemon/alerts/command_sink.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <variant>
#include <vector>

#include "daemon/alerts/command_environment.h"

namespace memwatch {
namespace {

using Clock = std::chrono::steady_clock;

bool isPowerOfTen(std::uint64_t n) {
  while (n >= 10 && n % 10 == 0) n /= 10;
  return n == 1;
}

struct Child {
  pid_t pid = -1;
  int pidfd = -1;
  Clock::time_point deadline{};
  bool killed = false;
};

// Starts `path` with `environment`; returns the child or why it could not start.
std::variant<Child, std::string> spawn(const std::string& path,
                                       const std::vector<std::string>& environment) {
  posix_spawn_file_actions_t files;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&files);
  posix_spawnattr_init(&attributes);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  // memwatchd's sockets and journal files are not the program's business.
  posix_spawn_file_actions_addclosefrom_np(&files, STDERR_FILENO + 1);
  // The loop blocks SIGTERM, SIGINT and SIGHUP in every thread; a child must not inherit that.
  sigset_t none;
  sigset_t all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<char*> argv = {const_cast<char*>(path.c_str()), nullptr};
  std::vector<char*> envp;
  for (const std::string& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, path.c_str(), &files, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attributes);
  if (error != 0) return std::string("cannot start ") + path + ": " + strerror(error);

  // Until it is reaped the pid stays this child's, exited or not, so the pidfd is its own.
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    const int saved = errno;
    kill(-pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return std::string("cannot wait for ") + path + " (pidfd_open: " + strerror(saved) +
           "; Linux 5.3 or later is needed)";
  }
  return Child{.pid = pid, .pidfd = pidfd};
}

}  // namespace

struct CommandSink::Shared {
  explicit Shared(CommandSinkSettings s) : settings(std::move(s)) {}

  const CommandSinkSettings settings;
  const std::shared_ptr<AlertSinkCounters> counters = std::make_shared<AlertSinkCounters>();
  // Written by deliver() and at stop to wake the worker from poll().
  int wake = -1;
  std::mutex mutex;
  std::deque<Event> queue;
  bool stopping = false;
  // The worker's own.
  std::vector<Child> running;
  std::uint64_t failures = 0;

  void failed(const std::string& why) {
    counters->failed.fetch_add(1);
    if (isPowerOfTen(++failures)) {
      spdlog::warn("alerts.command: {} ({} failures so far)", why, failures);
    }
  }
};

CommandSink::CommandSink(CommandSinkSettings settings)
    : shared_(std::make_unique<Shared>(std::move(settings))) {
  if (shared_->settings.concurrency == 0 || shared_->settings.queue == 0) {
    throw std::invalid_argument("alerts.command needs a concurrency and a queue of at least 1");
  }
  shared_->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (shared_->wake < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  worker_ = std::thread([shared = shared_.get()] { work(*shared); });
}

CommandSink::~CommandSink() {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->stopping = true;
  }
  const std::uint64_t one = 1;
  (void)!write(shared_->wake, &one, sizeof one);
  // Bounded: the worker kills what still runs and reaps it at once.
  worker_.join();
  close(shared_->wake);
}

std::shared_ptr<const AlertSinkCounters> CommandSink::counters() const { return shared_->counters; }

void CommandSink::deliver(const Event& event) {
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->queue.size() >= shared_->settings.queue) {
      shared_->queue.pop_front();
      const std::uint64_t dropped = shared_->counters->dropped.fetch_add(1) + 1;
      if (isPowerOfTen(dropped)) {
        spdlog::warn("alerts.command is behind: {} events dropped so far (queue of {})", dropped,
                     shared_->settings.queue);
      }
    }
    shared_->queue.push_back(event);
    shared_->counters->queued.store(shared_->queue.size());
  }
  const std::uint64_t one = 1;
  (void)!write(shared_->wake, &one, sizeof one);
}

void CommandSink::work(Shared& shared) {
  const CommandSinkSettings& settings = shared.settings;
  std::vector<pollfd> fds;
  for (;;) {
    std::unique_lock lock(shared.mutex);
    if (shared.stopping) break;
    while (shared.running.size() < settings.concurrency && !shared.queue.empty()) {
      Event event = std::move(shared.queue.front());
      shared.queue.pop_front();
      shared.counters->queued.store(shared.queue.size());
      lock.unlock();
      auto started = spawn(settings.path, commandEnvironment(event, settings.instance));
      if (Child* child = std::get_if<Child>(&started)) {
        child->deadline = Clock::now() + settings.timeout;
        shared.running.push_back(*child);
      } else {
        shared.failed(std::get<std::string>(started));
      }
      lock.lock();
    }
    lock.unlock();

    fds.assign(1, pollfd{.fd = shared.wake, .events = POLLIN, .revents = 0});
    int timeout = -1;
    const Clock::time_point now = Clock::now();
    for (const Child& child : shared.running) {
      fds.push_back(pollfd{.fd = child.pidfd, .events = POLLIN, .revents = 0});
      if (child.killed) continue;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(child.deadline - now);
      const int ms = static_cast<int>(std::max<std::int64_t>(0, left.count()));
      timeout = timeout < 0 ? ms : std::min(timeout, ms);
    }
    if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
      spdlog::error("alerts.command: poll failed: {}", strerror(errno));
    }
    if (fds[0].revents & POLLIN) {
      std::uint64_t count = 0;
      (void)!read(shared.wake, &count, sizeof count);
    }

    const Clock::time_point after = Clock::now();
    std::vector<Child> still;
    for (std::size_t i = 0; i < shared.running.size(); ++i) {
      Child& child = shared.running[i];
      if (fds[i + 1].revents & POLLIN) {
        int status = 0;
        // What the command left running in its process group (a `... &` in a script) ends with
        // it, or it would run on outside the timeout and the concurrency bound. The unreaped
        // child keeps the group's id from being reused until the waitpid().
        kill(-child.pid, SIGKILL);
        waitpid(child.pid, &status, 0);
        close(child.pidfd);
        if (child.killed) {
          shared.failed(fmt::format("{} (pid {}) killed after {} ms", settings.path, child.pid,
                                    settings.timeout.count()));
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
          shared.counters->sent.fetch_add(1);
        } else if (WIFEXITED(status)) {
          shared.failed(fmt::format("{} (pid {}) exited with status {}", settings.path, child.pid,
                                    WEXITSTATUS(status)));
        } else {
          shared.failed(fmt::format("{} (pid {}) died of signal {}", settings.path, child.pid,
                                    WTERMSIG(status)));
        }
        continue;
      }
      if (!child.killed && after >= child.deadline) {
        kill(-child.pid, SIGKILL);  // the group, which is the child's own pid
        child.killed = true;
      }
      still.push_back(child);
    }
    shared.running = std::move(still);
  }

  for (Child& child : shared.running) {
    kill(-child.pid, SIGKILL);
    waitpid(child.pid, nullptr, 0);
    close(child.pidfd);
  }
  std::lock_guard lock(shared.mutex);
  if (!shared.running.empty() || !shared.queue.empty()) {
    spdlog::warn("alerts.command: stopping; {} runs killed, {} events left unrun",
                 shared.running.size(), shared.queue.size());
  }
  shared.running.clear();
}

}  // namespace memwatch
