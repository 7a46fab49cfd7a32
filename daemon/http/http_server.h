#pragma once

// The HTTP server: /metrics, the landing page and the /api/v1 JSON routes.

#include <prometheus/collectable.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collectors/base/expected.h"
#include "daemon/http/listen_address.h"

class CivetServer;

namespace memwatch {

// A GET endpoint that answers with JSON, such as /api/v1/oom-kills. `body` runs on an HTTP
// thread.
struct JsonRoute {
  std::string path;
  std::function<std::string()> body;
};

// The HTTP side: civetweb, the server prometheus-cpp's Exposer is built on, serving the telemetry
// path from one prometheus::Collectable and a landing page at "/". It is used directly rather than
// through the Exposer because the Exposer cannot serve other paths (the /api/v1 endpoints), always
// gzips when asked (half a millisecond of CPU per scrape) and formats numbers slowly; see
// exposition_writer.h.
class HttpServer {
 public:
  // Fails with a message naming the address when it cannot be bound (in use, no permission).
  static Expected<std::unique_ptr<HttpServer>> start(
      const ListenAddress& address, const std::string& telemetryPath,
      std::shared_ptr<const prometheus::Collectable> metrics, std::vector<JsonRoute> routes);
  ~HttpServer();

  // The bound port: differs from the configured one when that was 0.
  int port() const;

 private:
  class MetricsHandler;
  class LandingPageHandler;
  class JsonHandler;
  HttpServer(std::unique_ptr<CivetServer> server, std::unique_ptr<MetricsHandler> metrics,
             std::unique_ptr<LandingPageHandler> landing,
             std::vector<std::unique_ptr<JsonHandler>> json, std::string host);

  const std::string host_;  // as configured, to reach the listener when stopping
  std::unique_ptr<MetricsHandler> metricsHandler_;
  std::unique_ptr<LandingPageHandler> landingHandler_;
  std::vector<std::unique_ptr<JsonHandler>> jsonHandlers_;
  std::unique_ptr<CivetServer> server_;  // last: stopped first, before the handlers go
};

}  // namespace memwatch
