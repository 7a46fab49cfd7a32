#pragma once

// What memwatchd answers to a GET: the telemetry path, the landing page, the /api/v1 JSON routes,
// behind basic auth when users are configured. No socket here: the HTTP server turns the reply
// into a response, on its worker threads.

#include <prometheus/collectable.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/basic_auth.h"

namespace memwatch {

// A GET endpoint that answers with JSON, such as /api/v1/oom-kills. `body` runs on an HTTP
// worker thread.
struct JsonRoute {
  std::string path;
  std::function<std::string()> body;
};

// The user and password of an "Authorization: Basic" header.
struct BasicCredentials {
  std::string user;
  std::string password;
};

struct HttpReply {
  unsigned status = 200;
  std::string contentType = {};
  std::string body = {};
  // 401: the response carries WWW-Authenticate: Basic realm="memwatchd".
  bool askForCredentials = false;
};

class RequestHandler {
 public:
  RequestHandler(std::string telemetryPath, std::shared_ptr<const prometheus::Collectable> metrics,
                 std::vector<JsonRoute> routes);

  // The reply to GET (or HEAD) `path`: 401 without or with wrong credentials when `users`
  // requires them, checked before the path so that an unauthenticated client learns nothing of
  // the routes; then the route or 404. Matching is exact: no prefixes, no trailing slash.
  HttpReply handle(std::string_view path, const std::optional<BasicCredentials>& credentials,
                   const BasicAuthVerifier& users) const;

  // Any method but GET and HEAD.
  static HttpReply methodNotAllowed();
  // --web.max-requests requests in flight already.
  static HttpReply tooManyRequests(unsigned limit);

 private:
  HttpReply metrics() const;

  const std::string telemetryPath_;
  const std::shared_ptr<const prometheus::Collectable> metrics_;
  const std::vector<JsonRoute> routes_;
  const std::string landingPage_;
};

}  // namespace memwatch
