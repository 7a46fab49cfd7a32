#pragma once

// alerts.command: a program run for each announced event, bounded in queue, children and time.

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "daemon/alerts/alert_counters.h"
#include "daemon/events/event_sink.h"

namespace memwatch {

struct CommandSinkSettings {
  std::string path;  // absolute, executable (checked with the option)
  std::chrono::milliseconds timeout{10'000};
  std::size_t concurrency = 4;
  std::size_t queue = 1024;
  std::string instance;
};

// deliver() only queues the event and returns: the loop never waits for a program. A worker
// thread runs the program with posix_spawn (no shell: argv is the path alone, the event is in
// the environment, command_environment.h), stdin, stdout and stderr on /dev/null, every other
// descriptor closed, signals unblocked and at their defaults, in a process group of its own.
// At most `concurrency` run at once; more events wait in a queue of `queue` events that drops
// its oldest when full. A run still going at `timeout` is killed with its whole process group
// (SIGKILL), so a script's own children go too. The worker waits on pidfds and an eventfd:
// no wake-ups while idle and none while a program runs but at its exit or timeout.
//
// A run that exits 0 counts as sent; one that cannot start, exits otherwise or is killed counts
// as failed and is logged at the 1st, 10th, 100th, ... failure. At destruction the runs still
// going are killed and reaped and the events still queued are dropped with a warning.
class CommandSink : public EventSink {
 public:
  explicit CommandSink(CommandSinkSettings settings);
  ~CommandSink() override;
  CommandSink(const CommandSink&) = delete;
  CommandSink& operator=(const CommandSink&) = delete;

  std::string_view name() const override { return "command"; }
  void deliver(const Event& event) override;

  std::shared_ptr<const AlertSinkCounters> counters() const;

 private:
  struct Shared;
  static void work(Shared& shared);

  std::unique_ptr<Shared> shared_;
  std::thread worker_;
};

}  // namespace memwatch
