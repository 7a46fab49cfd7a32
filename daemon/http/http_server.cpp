// HttpServer on libmicrohttpd (MHD): its bounds, starting a daemon (a Generation, whose request
// path is http_generation.cpp) on the listening socket, and a TLS change on SIGHUP as a new
// daemon on the same socket while the old one is retired.
#include "daemon/http/http_server.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include "daemon/http/http_generation.h"

namespace memwatch {
namespace {

// Where a request's work runs. The I/O thread only parses requests and moves bytes; the reply (a
// scrape reads a dozen /proc files, a JSON route takes locks, a first bcrypt check costs tens of
// milliseconds) is built on this many worker threads while MHD holds the connection suspended,
// and the worker resumes it with the reply. So a slow scrape, or a client that makes us check
// bcrypt hashes, delays other requests' replies at worst, never the accepting and reading of
// connections. MHD's own thread pool was the alternative: it shares connections out between
// threads that each run a loop, so one slow reply stalls every connection of its thread. Four
// leave room for an HA pair of Prometheus servers, an agent and an operator at once; an idle
// worker costs a few KiB of touched stack.
constexpr std::size_t kWorkers = 4;

// Passwords not remembered yet are checked apart: on one thread of their own (bcrypt rounds run
// one at a time anyway, see basic_auth.cpp), with at most this many waiting or running, beyond
// which such a request is answered 503 at once. So a flood of wrong passwords costs one core and
// a few requests' memory, takes no --web.max-requests slot and no worker, and a remembered
// password (every scrape after a client's first) never waits behind it. Eight leave room for
// every client of a reload's first scrapes, each paying one round.
constexpr std::size_t kPasswordCheckers = 1;
constexpr unsigned kPendingPasswordChecks = 8;

// How long a connection may stay silent: between kept-alive requests, and inside one (a client
// that opens a connection and sends nothing, or a header a byte at a time, is closed once it
// stops for this long). Prometheus keeps its connection alive from one scrape to the next, which
// is 1 m apart by default and rarely more, and Go's client keeps idle connections 5 m: two
// minutes keep its connection (no TCP or TLS handshake per scrape) while the connections of
// clients that left are freed within two minutes. --web.max-connections bounds how many can wait.
constexpr unsigned kConnectionTimeoutSeconds = 120;

// MHD's per-connection memory: the read buffer and the parsed request head. A scrape request is
// under 1 KiB (Prometheus sends six headers), so 16 KiB fits any real client with room to spare
// and bounds what a connection can hold; a larger head is answered 431 and closed. 1024
// connections cost at most 16 MiB, touched only as far as requests fill it. A reply's body is
// apart from it and lives until sent (its --web.max-requests slot is freed once it is built):
// a scrape's ~40 KiB, shrunk to its size, for each connection a client reads slowly.
constexpr std::size_t kConnectionMemory = 16 * 1024;

// Connections open at once from one client address: half of --web.max-connections, so that a
// single remote host can never take every slot and lock the Prometheus servers out, while one
// address still gets far more than a scraper needs (Prometheus keeps one connection per target)
// and a local test of a few hundred idle connections from 127.0.0.1 is held, not refused.
// libmicrohttpd accepts and closes at once a connection beyond it.
unsigned connectionsPerClientAddress(unsigned maxConnections) {
  return std::max(1u, maxConnections / 2);
}

// How long a TLS change waits for the old daemon's connections that are new or in a request
// before it stops it: a slowloris client is cut then, an idle kept-alive one at once.
constexpr std::chrono::seconds kDrainTimeout{5};

// Retiring a daemon waits for the replies its workers are building, which only a stuck scrape
// makes long: past kSlowRetirement that is logged; at shutdown it is given up after
// kShutdownWait (systemd's stop timeout is longer). At most kMaxRetirements old daemons are
// being retired at once: a further TLS change is refused until one has stopped, which bounds
// the threads and the daemons a run of SIGHUPs over a stuck scrape can leave.
constexpr std::chrono::seconds kRetireCheckInterval{1};
constexpr std::chrono::seconds kSlowRetirement{10};
constexpr std::chrono::seconds kShutdownWait{10};
constexpr std::size_t kMaxRetirements = 4;

// Whether `fd` is still open on the same socket as `socketFd` (same inode): MHD's failure paths
// close the descriptor it was given on some errors and not on others; closing it again blindly
// could close a descriptor another thread has just been given the same number for.
bool stillRefersTo(int fd, int socketFd) {
  struct stat copy {};
  struct stat original {};
  return fstat(fd, &copy) == 0 && fstat(socketFd, &original) == 0 &&
         copy.st_ino == original.st_ino && copy.st_dev == original.st_dev;
}

// A connection has at most one request in flight, so the queue never holds more than the
// requests allowed in flight (shared by every daemon) or the connections, whichever is fewer.
// During a TLS change the new daemon and the old ones still retiring each apply
// --web.max-connections, and an old one's tasks stay queued after it stops dispatching: sized
// for all of them, so that a full queue never sends a reply's building to the I/O thread. The
// deque grows only as far as it is filled.
std::size_t workerQueueBound(const HttpLimits& limits) {
  const std::size_t connections = std::size_t{limits.maxConnections} * (1 + kMaxRetirements);
  return limits.maxRequests == 0 ? connections
                                 : std::min<std::size_t>(limits.maxRequests, connections);
}

bool sameTls(const std::optional<TlsSettings>& a, const std::optional<TlsSettings>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->certPem == b->certPem && a->keyPem == b->keyPem && a->clientCaPem == b->clientCaPem &&
         a->clientAuth == b->clientAuth && a->gnutlsPriorities == b->gnutlsPriorities;
}

}  // namespace

HttpServer::HttpServer(ListeningSocket socket, HttpLimits limits, RequestHandler handler,
                       const WebConfig& webConfig)
    : socket_(std::move(socket)),
      limits_(limits),
      handler_(std::move(handler)),
      inFlight_(limits.maxRequests),
      policy_(std::make_shared<const AccessPolicy>(webConfig, nullptr)),
      workers_(std::make_unique<WorkerPool>(kWorkers, workerQueueBound(limits))),
      passwordChecks_(kPendingPasswordChecks),
      passwordCheckers_(std::make_unique<WorkerPool>(kPasswordCheckers, kPendingPasswordChecks)) {}

Expected<std::unique_ptr<HttpServer>> HttpServer::start(
    const ListenAddress& address, HttpLimits limits, const WebConfig& webConfig,
    const std::string& telemetryPath, std::shared_ptr<const prometheus::Collectable> metrics,
    std::vector<JsonRoute> routes) {
  Expected<ListeningSocket> socket = ListeningSocket::open(address);
  if (!socket) return socket.error();
  std::unique_ptr<HttpServer> server;
  try {
    server.reset(new HttpServer(
        std::move(socket).value(), limits,
        RequestHandler(telemetryPath, std::move(metrics), std::move(routes)), webConfig));
  } catch (const std::exception& e) {  // a worker thread that cannot start, or the page hashed
    return Error{.message = "cannot serve on " + address.text() + ": " + e.what()};
  }
  Expected<std::unique_ptr<Generation>> generation = server->startGeneration(webConfig.tls);
  if (!generation) {
    return Error{.message =
                     "cannot serve on " + address.text() + ": " + generation.error().message};
  }
  server->current_ = std::move(generation).value();
  return server;
}

Expected<std::unique_ptr<HttpServer::Generation>> HttpServer::startGeneration(
    const std::optional<TlsSettings>& tls) {
  auto generation = std::make_unique<Generation>(*this, tls);
  generation->listenFd = fcntl(socket_.fd(), F_DUPFD_CLOEXEC, 0);
  if (generation->listenFd < 0) {
    return Error{.message = std::string("cannot copy the listening socket: ") + strerror(errno)};
  }
  // Epoll on an internal thread: thousands of idle or slow connections cost MHD a few hundred
  // bytes each and no wake-up; ITC (implied by suspend/resume) lets a worker wake it and lets it
  // stop at once.
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                   MHD_USE_ERROR_LOG;
  std::vector<MHD_OptionItem> options = {
      {MHD_OPTION_LISTEN_SOCKET, generation->listenFd, nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, limits_.maxConnections, nullptr},
      {MHD_OPTION_PER_IP_CONNECTION_LIMIT, connectionsPerClientAddress(limits_.maxConnections),
       nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory, nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, kConnectionTimeoutSeconds, nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&Generation::onCompleted),
       generation.get()},
      {MHD_OPTION_NOTIFY_CONNECTION, reinterpret_cast<intptr_t>(&Generation::onConnection),
       generation.get()},
      {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&Generation::onLog),
       generation.get()},
  };
  if (generation->tls) {
    const TlsSettings& settings = *generation->tls;
    flags |= MHD_USE_TLS;
    options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char*>(settings.certPem.c_str())});
    options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char*>(settings.keyPem.c_str())});
    if (!settings.gnutlsPriorities.empty()) {
      options.push_back(
          {MHD_OPTION_HTTPS_PRIORITIES, 0, const_cast<char*>(settings.gnutlsPriorities.c_str())});
    }
    if (!settings.clientCaPem.empty()) {
      options.push_back(
          {MHD_OPTION_HTTPS_MEM_TRUST, 0, const_cast<char*>(settings.clientCaPem.c_str())});
    }
  }
  options.push_back({MHD_OPTION_END, 0, nullptr});
  generation->daemon =
      MHD_start_daemon(flags, 0, nullptr, nullptr, &Generation::onRequest, generation.get(),
                       MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END);
  if (generation->daemon == nullptr) {
    if (stillRefersTo(generation->listenFd, socket_.fd())) close(generation->listenFd);
    std::lock_guard lock(generation->startErrorMutex);
    return Error{.message = generation->startError.empty() ? "libmicrohttpd did not start"
                                                           : generation->startError};
  }
  generation->started = true;
  return generation;
}

void HttpServer::retire(std::unique_ptr<Generation> generation, bool waitForOpenRequests) {
  // MHD stops accepting and hands its copy of the listening socket back, which is ours to close
  // once it has stopped. Should it fail, it keeps accepting until it stops and closes the copy
  // itself; the shared socket stays open for the next daemon either way.
  const MHD_socket quiesced = MHD_quiesce_daemon(generation->daemon);
  if (quiesced == MHD_INVALID_SOCKET) {
    spdlog::warn(
        "libmicrohttpd did not stop accepting before its stop; a connection it accepts "
        "meanwhile may be closed unanswered");
  }
  {
    std::unique_lock lock(generation->mutex);
    generation->draining = true;
    // MHD must not be stopped with a connection suspended: wait for the replies being built.
    // A scrape stuck for ever (a hung /proc read) is logged; at shutdown it is given up on.
    const auto begin = std::chrono::steady_clock::now();
    bool warned = false;
    while (!generation->changed.wait_for(lock, kRetireCheckInterval,
                                         [&] { return generation->dispatched == 0; })) {
      const auto waited = std::chrono::steady_clock::now() - begin;
      if (!warned && waited >= kSlowRetirement) {
        spdlog::warn("stopping the previous HTTP daemon waits for {} replies still being built",
                     generation->dispatched);
        warned = true;
      }
      if (shuttingDown_.load() && std::chrono::steady_clock::now() >= shutdownDeadline_) {
        spdlog::error(
            "exiting with {} HTTP replies still being built after {} s; their daemon is left "
            "running",
            generation->dispatched, kShutdownWait.count());
        lock.unlock();
        leftRunning_ = true;
        (void)generation.release();  // stopping it now would free connections still in use
        return;
      }
    }
    if (waitForOpenRequests) {
      generation->changed.wait_for(lock, kDrainTimeout, [&] {
        return generation->openRequests == 0 && generation->newConnections == 0;
      });
    }
  }
  MHD_stop_daemon(generation->daemon);
  if (quiesced != MHD_INVALID_SOCKET) close(quiesced);
}

HttpServer::~HttpServer() {
  shutdownDeadline_ = std::chrono::steady_clock::now() + kShutdownWait;
  shuttingDown_ = true;
  if (current_) retire(std::move(current_), false);
  for (Retirement& retirement : retiring_) retirement.thread.join();
  if (leftRunning_) {
    // A worker is still in a reply: joining it would hang the exit. The process is ending.
    (void)workers_.release();
    (void)passwordCheckers_.release();
    return;
  }
  workers_.reset();
  passwordCheckers_.reset();
}

std::optional<std::string> HttpServer::applyWebConfig(const WebConfig& webConfig) {
  auto policy = std::make_shared<const AccessPolicy>(webConfig, policy_.load().get());
  if (sameTls(current_->tls, webConfig.tls)) {
    policy_.store(std::move(policy));
    return std::nullopt;
  }
  std::erase_if(retiring_, [](Retirement& retirement) {
    if (!retirement.done->load()) return false;
    retirement.thread.join();
    return true;
  });
  if (retiring_.size() >= kMaxRetirements) {
    return "the previous TLS changes still wait for replies being built; try again later";
  }
  // Both daemons accept from the socket for a moment, then the old one stops accepting and
  // finishes what it has: a client connecting meanwhile is served by one or the other.
  Expected<std::unique_ptr<Generation>> next = startGeneration(webConfig.tls);
  if (!next) return "the new TLS settings do not start: " + next.error().message;
  std::unique_ptr<Generation> previous = std::move(current_);
  current_ = std::move(next).value();
  policy_.store(std::move(policy));
  // Off the caller's thread (the event loop, which must keep its watchdog pings going): the old
  // daemon's replies may take as long as a scrape does.
  auto done = std::make_shared<std::atomic<bool>>(false);
  retiring_.reserve(retiring_.size() + 1);  // no allocation failure once the thread runs
  Generation* old = previous.release();     // owned by the thread, or retired here if none
  try {
    retiring_.push_back(Retirement{.thread = std::thread([this, done, old] {
                                     retire(std::unique_ptr<Generation>(old), true);
                                     done->store(true);
                                   }),
                                   .done = done});
  } catch (const std::system_error& e) {
    spdlog::warn("no thread to stop the previous HTTP daemon apart ({}): stopping it here",
                 e.what());
    retire(std::unique_ptr<Generation>(old), true);
  }
  spdlog::info("now serving {}", current_->tls ? "HTTPS" : "plain HTTP");
  return std::nullopt;
}

bool HttpServer::servesTls() const { return current_->tls.has_value(); }

}  // namespace memwatch
