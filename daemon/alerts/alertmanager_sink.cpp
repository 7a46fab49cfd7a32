// AlertmanagerSink: the table under a mutex, one libcurl worker per Alertmanager sending at once
// after a change and every resend interval, exponential backoff, a bounded stop.
#include "daemon/alerts/alertmanager_sink.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "collectors/base/backoff.h"
#include "collectors/base/build_info.h"
#include "collectors/base/wall_clock.h"
#include "daemon/alerts/alert_json.h"
#include "daemon/alerts/alert_options.h"
#include "daemon/alerts/curl_library.h"

namespace memwatch {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
// What of an error response is kept for the log line.
constexpr std::size_t kResponseKept = 300;
// The least time between two sends for changes (resends and retries keep their own times).
constexpr double kMinimumGapSeconds = 1;

double now() { return static_cast<double>(wallClockMicroseconds()) / 1e6; }

bool isPowerOfTen(std::uint64_t n) {
  while (n >= 10 && n % 10 == 0) n /= 10;
  return n == 1;
}

// Loads libcurl (and runs curl_global_init, which is not thread-safe) from the thread that makes
// the first sink, before any worker exists.
void initialiseCurl() { CurlLibrary::get(); }

struct EasyDeleter {
  void operator()(CURL* curl) const { CurlLibrary::get().easyCleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { CurlLibrary::get().slistFreeAll(list); }
};

std::size_t keepSome(char* data, std::size_t size, std::size_t count, void* into) {
  auto* kept = static_cast<std::string*>(into);
  const std::size_t bytes = size * count;
  if (kept->size() < kResponseKept)
    kept->append(data, std::min(bytes, kResponseKept - kept->size()));
  return bytes;
}

int abortWhenStopping(void* stopping, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(stopping)->load() ? 1 : 0;
}

}  // namespace

struct AlertmanagerSink::Shared {
  explicit Shared(AlertmanagerSinkSettings s) : settings(std::move(s)), table(settings.table) {}

  const AlertmanagerSinkSettings settings;
  const std::shared_ptr<AlertSinkCounters> counters = std::make_shared<AlertSinkCounters>();
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable changed;
  AlertTable table;
  // Bumped at every change of the table; a worker that has sent this one has nothing new.
  std::uint64_t generation = 0;
  std::size_t finished = 0;  // workers done

  // Under the mutex.
  void publishSizes() {
    counters->queued.store(table.size());
    counters->dropped.store(table.dropped());
  }
};

AlertmanagerSink::AlertmanagerSink(AlertmanagerSinkSettings settings)
    : shared_(std::make_shared<Shared>(std::move(settings))) {
  initialiseCurl();
  try {
    for (const std::string& url : shared_->settings.urls) {
      workers_.emplace_back([shared = shared_, url] { work(shared, url); });
    }
  } catch (...) {
    // A thread that cannot start (EAGAIN): the ones already running are stopped first, since a
    // joinable std::thread destroyed with the vector would end the process.
    stop();
    throw;
  }
}

AlertmanagerSink::~AlertmanagerSink() { stop(); }

void AlertmanagerSink::stop() {
  std::unique_lock lock(shared_->mutex);
  shared_->stopping = true;
  shared_->changed.notify_all();
  const bool finished = shared_->changed.wait_for(
      lock, kStopTimeout, [this] { return shared_->finished == workers_.size(); });
  lock.unlock();
  for (std::thread& worker : workers_) {
    if (finished) {
      worker.join();
    } else {
      worker.detach();  // it owns what it uses through its own reference to Shared
    }
  }
  if (!finished) {
    spdlog::warn("alertmanager sink still sending after {} ms; left to the exit",
                 kStopTimeout.count());
  }
}

std::shared_ptr<const AlertSinkCounters> AlertmanagerSink::counters() const {
  return shared_->counters;
}

void AlertmanagerSink::deliver(const Event& event) {
  std::lock_guard lock(shared_->mutex);
  const double t = now();
  // A hold that ran out while the worker was busy posting ends first, so that a kill after it
  // starts a new alert instead of continuing the old one.
  shared_->table.advance(t);
  if (shared_->table.apply(event, t)) {
    ++shared_->generation;
    shared_->changed.notify_all();
  }
  shared_->publishSizes();
}

void AlertmanagerSink::work(const std::shared_ptr<Shared>& shared, const std::string& url) {
  const AlertmanagerSinkSettings& settings = shared->settings;
  const std::string endpoint = alertsEndpoint(url);
  const double resendSeconds = settings.table.resendIntervalSeconds;
  const CurlLibrary& lib = CurlLibrary::get();
  std::unique_ptr<CURL, EasyDeleter> curl(lib.easyInit());
  std::unique_ptr<curl_slist, ListDeleter> headers(
      lib.slistAppend(nullptr, "Content-Type: application/json"));
  std::string response;
  const std::string userAgent = "memwatchd/" + std::string(buildVersion());
  if (curl) {
    CURL* c = curl.get();
    lib.easySetopt(c, CURLOPT_URL, endpoint.c_str());
    lib.easySetopt(c, CURLOPT_HTTPHEADER, headers.get());
    lib.easySetopt(c, CURLOPT_USERAGENT, userAgent.c_str());
    // No SIGALRM for DNS timeouts: signals belong to the event loop.
    lib.easySetopt(c, CURLOPT_NOSIGNAL, 1L);
    // A timed-out or aborted transfer does not wait for a stuck getaddrinfo() thread, which
    // would hold the worker past the request timeout and the stop bound.
    lib.easySetopt(c, CURLOPT_QUICK_EXIT, 1L);
    lib.easySetopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(settings.connectTimeout.count()));
    lib.easySetopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.requestTimeout.count()));
    lib.easySetopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    lib.easySetopt(c, CURLOPT_WRITEFUNCTION, keepSome);
    lib.easySetopt(c, CURLOPT_WRITEDATA, &response);
    lib.easySetopt(c, CURLOPT_NOPROGRESS, 0L);
    lib.easySetopt(c, CURLOPT_XFERINFOFUNCTION, abortWhenStopping);
    lib.easySetopt(c, CURLOPT_XFERINFODATA, &shared->stopping);
  } else {
    spdlog::error("alertmanager {}: cannot make a libcurl handle; nothing will be sent", url);
  }

  // Returns why the POST failed, or nothing.
  const auto post = [&](const std::string& body) -> std::optional<std::string> {
    if (!curl) return "no libcurl handle";
    response.clear();
    lib.easySetopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
    lib.easySetopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    const CURLcode result = lib.easyPerform(curl.get());
    if (result != CURLE_OK) return std::string(lib.easyStrerror(result));
    long status = 0;
    lib.easyGetinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) return "HTTP " + std::to_string(status) + ": " + response;
    return std::nullopt;
  };

  // Never above the resend interval, and never below the first step, which a resend interval
  // under a second would make retries faster than it.
  Backoff backoff(static_cast<std::uint64_t>(settings.firstRetry.count()),
                  static_cast<std::uint64_t>(std::max(
                      resendSeconds * 1000, static_cast<double>(settings.firstRetry.count()))));
  std::uint64_t sentGeneration = 0;
  double resendAt = kNever;  // nothing held yet
  double retryAt = 0;        // no failure to back off from
  double lastSentAt = -kNever;
  std::uint64_t failuresInARow = 0;

  std::unique_lock lock(shared->mutex);
  while (!shared->stopping) {
    const double t = now();
    if (shared->table.advance(t)) {
      ++shared->generation;
      shared->changed.notify_all();
    }
    shared->publishSizes();
    const bool news = shared->generation != sentGeneration;
    // A change is sent at once, but at most once per kMinimumGapSeconds: a burst of kills
    // becomes one POST with all of them, not a POST per kill.
    const double newsAt = std::max(retryAt, lastSentAt + kMinimumGapSeconds);
    if (!((news && t >= newsAt) || t >= resendAt)) {
      const double until =
          std::min({resendAt, news ? newsAt : kNever, shared->table.nextDeadline()});
      if (until == kNever) {
        shared->changed.wait(lock);
      } else {
        // wait_for sleeps on the steady clock, and never longer than a resend interval: a wall
        // clock set back (the times above are wall-clock ones) delays no resend by more.
        const double seconds = std::clamp(until - t, 0.001, std::max(resendSeconds, 0.001));
        shared->changed.wait_for(lock, std::chrono::duration<double>(seconds));
      }
      continue;
    }
    const std::uint64_t generation = shared->generation;
    std::vector<std::vector<SentAlert>> batches = shared->table.batches(t);
    lock.unlock();

    // Every batch is tried: one that is refused (a 400 for one bad alert, a proxy's 413) must not
    // keep the others from Alertmanager. The next try sends everything again.
    std::optional<std::string> failure;
    for (const std::vector<SentAlert>& batch : batches) {
      if (std::optional<std::string> why = post(alertsJson(batch))) {
        shared->counters->failed.fetch_add(batch.size());
        if (!failure) failure = std::move(why);
        if (shared->stopping) break;
        continue;
      }
      shared->counters->sent.fetch_add(batch.size());
    }
    const double after = now();
    lastSentAt = after;
    if (!failure) {
      if (failuresInARow > 0) {
        spdlog::info("alertmanager {}: sending again after {} failed tries", endpoint,
                     failuresInARow);
      }
      failuresInARow = 0;
      backoff.reset();
      retryAt = 0;
      sentGeneration = generation;
      resendAt = batches.empty() ? kNever : after + resendSeconds;
    } else {
      if (isPowerOfTen(++failuresInARow) && !shared->stopping) {
        spdlog::warn("alertmanager {}: cannot send alerts: {} ({} failed tries in a row)", endpoint,
                     *failure, failuresInARow);
      }
      retryAt = after + static_cast<double>(backoff.next()) / 1000;
      resendAt = retryAt;
    }
    lock.lock();
  }
  ++shared->finished;
  shared->changed.notify_all();
}

}  // namespace memwatch
