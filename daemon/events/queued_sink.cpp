// QueuedSink: a worker thread delivering from a deque that drops its oldest event when full, and
// a bounded wait for it to drain on destruction, else detached.
#include "daemon/events/queued_sink.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

namespace memwatch {
namespace {

bool isPowerOfTen(std::uint64_t n) {
  while (n >= 10 && n % 10 == 0) n /= 10;
  return n == 1;
}

}  // namespace

struct QueuedSink::Shared {
  Shared(std::unique_ptr<EventSink> sink, std::size_t limit)
      : inner(std::move(sink)), capacity(limit) {}

  const std::unique_ptr<EventSink> inner;
  const std::size_t capacity;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Event> queue;
  std::uint64_t dropped = 0;
  bool stopping = false;
  bool finished = false;  // the worker has delivered everything after stopping
};

QueuedSink::QueuedSink(std::unique_ptr<EventSink> inner, std::size_t capacity)
    : shared_(std::make_shared<Shared>(std::move(inner), capacity == 0 ? 1 : capacity)),
      worker_([shared = shared_] { work(shared); }) {}

QueuedSink::~QueuedSink() {
  std::unique_lock lock(shared_->mutex);
  shared_->stopping = true;
  shared_->changed.notify_all();
  if (shared_->changed.wait_for(lock, kDrainTimeout, [this] { return shared_->finished; })) {
    lock.unlock();
    worker_.join();
    return;
  }
  spdlog::warn("event sink {} is still writing after {} ms; {} events left undelivered",
               shared_->inner->name(), kDrainTimeout.count(), shared_->queue.size());
  // Nothing more for it to do once its current delivery returns, so that it does not go on
  // working while the process exits. It owns what it uses through its own reference to Shared.
  shared_->queue.clear();
  worker_.detach();
}

void QueuedSink::work(const std::shared_ptr<Shared>& shared) {
  std::unique_lock lock(shared->mutex);
  for (;;) {
    shared->changed.wait(lock, [&] { return shared->stopping || !shared->queue.empty(); });
    if (shared->queue.empty()) break;  // stopping, and everything delivered
    Event event = std::move(shared->queue.front());
    shared->queue.pop_front();
    lock.unlock();
    try {
      shared->inner->deliver(event);
    } catch (const std::exception& e) {
      spdlog::error("event sink {} failed: {}", shared->inner->name(), e.what());
    }
    lock.lock();
  }
  shared->finished = true;
  shared->changed.notify_all();
}

std::string_view QueuedSink::name() const { return shared_->inner->name(); }

bool QueuedSink::wantsUnannounced() const { return shared_->inner->wantsUnannounced(); }

void QueuedSink::deliver(const Event& event) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->queue.size() >= shared_->capacity) {
    shared_->queue.pop_front();
    if (isPowerOfTen(++shared_->dropped)) {
      spdlog::warn("event sink {} is behind: {} events dropped so far (queue of {})",
                   shared_->inner->name(), shared_->dropped, shared_->capacity);
    }
  }
  shared_->queue.push_back(event);
  shared_->changed.notify_all();
}

std::uint64_t QueuedSink::dropped() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->dropped;
}

}  // namespace memwatch
