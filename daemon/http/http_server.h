#pragma once

// The HTTP server: /metrics, the landing page and the /api/v1 JSON routes, over HTTP or TLS,
// with basic auth and the response headers of --web.config.file.

#include <prometheus/collectable.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "collectors/base/expected.h"
#include "daemon/http/in_flight_limit.h"
#include "daemon/http/listen_address.h"
#include "daemon/http/listening_socket.h"
#include "daemon/http/once_per_kind_log.h"
#include "daemon/http/request_handler.h"
#include "daemon/http/web_config.h"
#include "daemon/http/worker_pool.h"

namespace memwatch {

struct HttpLimits {
  // --web.max-connections: connections open at once. Beyond it libmicrohttpd stops accepting:
  // further clients wait in the kernel's listen backlog (then get refused or time out) until
  // one closes.
  unsigned maxConnections = 1024;
  // --web.max-requests: requests in flight at once, beyond which a request gets 503; 0: no limit.
  unsigned maxRequests = 40;
};

// The HTTP side, on libmicrohttpd: one I/O thread on epoll owns every connection, so idle and
// slow clients cost a few KiB each and never a thread; a small pool of workers builds the
// replies (http_server.cpp says why). prometheus-cpp's Exposer is not used: it cannot serve other
// paths (the /api/v1 endpoints), always gzips when asked (half a millisecond of CPU per scrape)
// and formats numbers slowly; see exposition_writer.h.
class HttpServer {
 public:
  // Fails with a message naming the address when it cannot be bound (in use, no permission) or
  // the web config's TLS settings cannot be used.
  static Expected<std::unique_ptr<HttpServer>> start(
      const ListenAddress& address, HttpLimits limits, const WebConfig& webConfig,
      const std::string& telemetryPath, std::shared_ptr<const prometheus::Collectable> metrics,
      std::vector<JsonRoute> routes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // A re-read --web.config.file. Users and headers change at once for every request that begins
  // after; a TLS change starts a new daemon on the same listening socket before the old one stops
  // accepting, so no connection is refused. Returns why it cannot be applied (the TLS settings do
  // not start), keeping everything as it was.
  std::optional<std::string> applyWebConfig(const WebConfig& webConfig);

  // The bound port: differs from the configured one when that was 0.
  int port() const { return socket_.port(); }
  bool servesTls() const;

  // One libmicrohttpd daemon and its TLS settings; public for the callbacks in http_server.cpp.
  struct Generation;
  // Basic auth and headers, swapped as one on reload.
  struct AccessPolicy;

 private:
  HttpServer(ListeningSocket socket, HttpLimits limits, RequestHandler handler,
             const WebConfig& webConfig);
  Expected<std::unique_ptr<Generation>> startGeneration(const std::optional<TlsSettings>& tls);
  // Stops `generation` from accepting, lets the requests it has begun finish, then stops it.
  // Blocks while replies are being built: a TLS change runs it on a thread of its own. At
  // shutdown it gives up after a bound, leaving the daemon running (leftRunning_).
  void retire(std::unique_ptr<Generation> generation, bool waitForOpenRequests);

  // An old generation being retired after a TLS change.
  struct Retirement {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done = nullptr;
  };

  ListeningSocket socket_;
  const HttpLimits limits_;
  const RequestHandler handler_;
  InFlightLimit inFlight_;
  OncePerKindLog replyFailures_;  // exceptions while building replies, by type
  std::atomic<std::shared_ptr<const AccessPolicy>> policy_;
  std::unique_ptr<WorkerPool> workers_;
  // Passwords not remembered yet: a bcrypt round each, apart from the workers (see the .cpp).
  InFlightLimit passwordChecks_;
  std::unique_ptr<WorkerPool> passwordCheckers_;
  std::atomic<bool> shuttingDown_ = false;
  std::chrono::steady_clock::time_point shutdownDeadline_{};  // written before shuttingDown_
  std::atomic<bool> leftRunning_ = false;                     // a retirement gave up at shutdown
  std::vector<Retirement> retiring_;     // only the caller's (event loop's) thread touches it
  std::unique_ptr<Generation> current_;  // last: stopped first, before what it calls into
};

}  // namespace memwatch
