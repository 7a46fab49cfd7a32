// WorkerPool: one mutex, one condition variable, a deque bounded by `capacity`.
#include "daemon/http/worker_pool.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace memwatch {

WorkerPool::WorkerPool(std::size_t threads, std::size_t capacity) : capacity_(capacity) {
  threads_.reserve(threads);
  try {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  } catch (...) {
    stopAndJoin();  // the threads already running, before the error leaves
    throw;
  }
}

WorkerPool::~WorkerPool() { stopAndJoin(); }

void WorkerPool::stopAndJoin() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool WorkerPool::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) return false;
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    // An exception leaving a thread's function ends the process: a task's failure is its own.
    try {
      task();
    } catch (const std::exception& e) {
      spdlog::error("an HTTP worker's task failed: {}", e.what());
    } catch (...) {
      spdlog::error("an HTTP worker's task failed with an unknown exception");
    }
    lock.lock();
  }
}

}  // namespace memwatch
