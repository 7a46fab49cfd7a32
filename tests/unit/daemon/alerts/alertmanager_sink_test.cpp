// Tests of the Alertmanager sink against a small HTTP server on loopback: a POST at once after
// an event, re-sent every interval, a failure retried after the backoff and counted, nothing
// sent while nothing is held, and a prompt stop.
#include "daemon/alerts/alertmanager_sink.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/unit/daemon/event_samples.h"

namespace memwatch {
namespace {

using namespace std::chrono_literals;

// Answers each request with `status` and keeps the request lines and bodies.
class FakeAlertmanager {
 public:
  FakeAlertmanager() {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 16);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeAlertmanager() {
    stop_ = true;
    thread_.join();
    close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void setStatus(int status) { status_ = status; }
  std::vector<std::pair<std::string, std::string>> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd fd{.fd = listener_, .events = POLLIN, .revents = 0};
      if (poll(&fd, 1, 20) <= 0) continue;
      const int connection = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (connection < 0) continue;
      handle(connection);
      close(connection);
    }
  }

  void handle(int connection) {
    std::string data;
    char buffer[4096];
    std::size_t bodyStart = std::string::npos;
    std::size_t contentLength = 0;
    for (;;) {
      pollfd fd{.fd = connection, .events = POLLIN, .revents = 0};
      if (poll(&fd, 1, 2000) <= 0) return;
      const ssize_t n = read(connection, buffer, sizeof buffer);
      if (n <= 0) return;
      data.append(buffer, static_cast<std::size_t>(n));
      if (bodyStart == std::string::npos) {
        const std::size_t end = data.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        bodyStart = end + 4;
        const std::size_t header = data.find("Content-Length: ");
        if (header != std::string::npos) contentLength = std::stoul(data.substr(header + 16));
      }
      if (data.size() >= bodyStart + contentLength) break;
    }
    {
      std::lock_guard lock(mutex_);
      requests_.emplace_back(data.substr(0, data.find("\r\n")), data.substr(bodyStart));
    }
    const int status = status_;
    const std::string reply = "HTTP/1.1 " + std::to_string(status) +
                              " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)!write(connection, reply.data(), reply.size());
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{200};
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> requests_;
  std::thread thread_;
};

template <typename Predicate>
bool waitFor(Predicate predicate, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return predicate();
}

AlertmanagerSinkSettings settingsFor(const std::string& url, double resendSeconds) {
  return {.urls = {url},
          .table = {.instance = "host-1",
                    .resendIntervalSeconds = resendSeconds,
                    .oomKillHoldSeconds = 900,
                    .pressureHoldSeconds = 300,
                    .capacity = 16},
          .connectTimeout = 1000ms,
          .requestTimeout = 2000ms,
          .firstRetry = 100ms};
}

TEST(AlertmanagerSink, PostsAtOnceThenEveryInterval) {
  FakeAlertmanager alertmanager;
  AlertmanagerSink sink(settingsFor(alertmanager.url(), 0.3));
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(alertmanager.requests().empty());  // nothing held, nothing sent
  sink.deliver(Event{.what = testing::sampleFlood("chatty", true)});
  ASSERT_TRUE(waitFor([&] { return alertmanager.requests().size() >= 1; }, 2s));
  auto [line, body] = alertmanager.requests()[0];
  EXPECT_EQ(line, "POST /api/v2/alerts HTTP/1.1");
  nlohmann::json alerts = nlohmann::json::parse(body);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["labels"]["alertname"], "MemwatchJournalFlood");
  EXPECT_EQ(alerts[0]["labels"]["producer"], "chatty");
  ASSERT_TRUE(waitFor([&] { return alertmanager.requests().size() >= 3; }, 3s));
  EXPECT_GE(sink.counters()->sent.load(), 3u);
  EXPECT_EQ(sink.counters()->failed.load(), 0u);
  EXPECT_EQ(sink.counters()->queued.load(), 1u);
}

TEST(AlertmanagerSink, AFailureIsCountedAndRetriedAfterTheBackoff) {
  FakeAlertmanager alertmanager;
  alertmanager.setStatus(500);
  AlertmanagerSink sink(settingsFor(alertmanager.url(), 60));
  sink.deliver(Event{.what = testing::sampleKill()});
  ASSERT_TRUE(waitFor([&] { return sink.counters()->failed.load() >= 2; }, 3s));
  EXPECT_EQ(sink.counters()->sent.load(), 0u);
  alertmanager.setStatus(200);
  // Retries after 100, 200, 400 ms...: it gets through within a second or two.
  ASSERT_TRUE(waitFor([&] { return sink.counters()->sent.load() == 1; }, 5s));
}

TEST(AlertmanagerSink, NoAlertmanagerListeningIsAFailureAndNeverBlocksDeliver) {
  int port = 0;
  {
    FakeAlertmanager gone;  // a port that was free a moment ago
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  AlertmanagerSink sink(settingsFor("http://127.0.0.1:" + std::to_string(port), 60));
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) {
    sink.deliver(Event{.what = testing::sampleFlood("p" + std::to_string(i), true)});
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms);
  EXPECT_EQ(sink.counters()->queued.load(), 16u);
  EXPECT_EQ(sink.counters()->dropped.load(), 84u);
  ASSERT_TRUE(waitFor([&] { return sink.counters()->failed.load() >= 16; }, 3s));
}

TEST(AlertmanagerSink, StopsPromptly) {
  FakeAlertmanager alertmanager;
  auto sink = std::make_unique<AlertmanagerSink>(settingsFor(alertmanager.url(), 0.2));
  sink->deliver(Event{.what = testing::samplePressure()});
  std::this_thread::sleep_for(300ms);
  const auto started = std::chrono::steady_clock::now();
  sink.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
}

TEST(AlertmanagerSink, StopsPromptlyWhileAPostHangs) {
  // A listener that never accepts: the connection completes in its backlog, the answer never comes.
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  AlertmanagerSinkSettings settings =
      settingsFor("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)), 60);
  settings.requestTimeout = 30s;
  auto sink = std::make_unique<AlertmanagerSink>(settings);
  sink->deliver(Event{.what = testing::sampleKill()});
  std::this_thread::sleep_for(300ms);
  const auto started = std::chrono::steady_clock::now();
  sink.reset();
  EXPECT_LE(std::chrono::steady_clock::now() - started, AlertmanagerSink::kStopTimeout + 200ms);
  close(listener);
}

}  // namespace
}  // namespace memwatch
