#pragma once

// A sink whose output can wait, run on a thread of its own behind a bounded queue.

#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "daemon/events/event_sink.h"

namespace memwatch {

// Runs `inner` on a worker thread: deliver() only queues the event and returns. The queue holds
// at most `capacity` events; when it is full the oldest is dropped, so an output that is stuck
// costs at most `capacity` events of memory and never stalls the event loop. Drops are counted
// and logged at the 1st, 10th, 100th, ... drop. The worker sleeps on a condition variable
// between events: no wake-ups while idle.
//
// At destruction the events still queued are delivered, waiting at most kDrainTimeout for the
// output; a worker still stuck then is left to the process's exit, with a warning, and the
// events still queued are dropped.
class QueuedSink : public EventSink {
 public:
  static constexpr std::chrono::milliseconds kDrainTimeout{1000};

  QueuedSink(std::unique_ptr<EventSink> inner, std::size_t capacity);
  ~QueuedSink() override;
  QueuedSink(const QueuedSink&) = delete;
  QueuedSink& operator=(const QueuedSink&) = delete;

  std::string_view name() const override;
  bool wantsUnannounced() const override;
  void deliver(const Event& event) override;

  std::uint64_t dropped() const;

 private:
  struct Shared;  // the queue and the inner sink, owned jointly with the worker
  static void work(const std::shared_ptr<Shared>& shared);

  std::shared_ptr<Shared> shared_;
  std::thread worker_;
};

}  // namespace memwatch
