#pragma once

// What memwatchd answers to a GET: the telemetry path, the status page, the /api/v1 JSON routes,
// behind basic auth when users are configured. No socket here: the HTTP server turns the reply
// into a response, on its worker threads.

#include <prometheus/collectable.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/http/basic_auth.h"
#include "daemon/http/status_page.h"

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
  // Headers of this reply's own, before those of --web.config.file.
  std::vector<std::pair<std::string, std::string>> headers = {};
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

  // The route or 404, for a request already let in (handle() without its auth check).
  HttpReply route(std::string_view path) const;

  // 401, asking for Basic credentials.
  static HttpReply unauthorized();
  // Any method but GET and HEAD.
  static HttpReply methodNotAllowed();
  // Building the reply failed (the handler threw).
  static HttpReply internalError();
  // Too many passwords not yet remembered are being checked (bcrypt) already.
  static HttpReply tooManyPasswordChecks();
  // --web.max-requests requests in flight already.
  static HttpReply tooManyRequests(unsigned limit);

 private:
  HttpReply metrics() const;

  const std::string telemetryPath_;
  const std::shared_ptr<const prometheus::Collectable> metrics_;
  const std::vector<JsonRoute> routes_;
  const StatusPage statusPage_;
};

}  // namespace memwatch
