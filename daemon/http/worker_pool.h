#pragma once

// A fixed set of threads running queued tasks: where the HTTP server runs scrapes, so that its
// I/O thread only moves bytes.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace memwatch {

class WorkerPool {
 public:
  // Starts `threads` threads; at most `capacity` tasks wait at once. Throws std::system_error
  // when a thread cannot be started.
  WorkerPool(std::size_t threads, std::size_t capacity);
  // Runs the tasks already queued, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False, without running it, when the queue is full or the pool is stopping.
  bool post(std::function<void()> task);

 private:
  void work();
  void stopAndJoin();

  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: started once the rest is ready
};

}  // namespace memwatch
