// Tests of WorkerPool, where the HTTP server builds its replies: tasks run off the caller's
// thread, the queue is bounded, and a stop runs what was queued before joining.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "daemon/http/worker_pool.h"

namespace memwatch {
namespace {

TEST(WorkerPool, RunsTasksOnItsThreads) {
  WorkerPool pool(2, 8);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.post([&] { ran.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(ran.get_future().get(), std::this_thread::get_id());
}

TEST(WorkerPool, RefusesTasksBeyondItsCapacity) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  // The one worker is held; two more wait in the queue; the fourth is refused.
  ASSERT_TRUE(pool.post([&] {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();
  std::atomic<int> ran = 0;
  EXPECT_TRUE(pool.post([&] { ++ran; }));
  EXPECT_TRUE(pool.post([&] { ++ran; }));
  EXPECT_FALSE(pool.post([&] { ++ran; }));
  release.set_value();
  // Room again once the queue drains.
  while (ran < 2) std::this_thread::yield();
  EXPECT_TRUE(pool.post([&] { ++ran; }));
}

TEST(WorkerPool, StoppingRunsWhatWasQueued) {
  std::atomic<int> ran = 0;
  {
    WorkerPool pool(1, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.post([&] { ++ran; }));
  }
  EXPECT_EQ(ran, 50);
}

}  // namespace
}  // namespace memwatch
