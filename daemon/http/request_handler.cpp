// RequestHandler: auth, then exact path match; the exposition written once into a buffer that
// the server hands to the socket as it is.
#include "daemon/http/request_handler.h"

#include "collectors/base/build_info.h"
#include "daemon/http/exposition_writer.h"

namespace memwatch {
namespace {

constexpr const char* kPlainText = "text/plain; charset=utf-8";

// A scrape of the default collectors is about 40 KiB: one allocation for the usual case.
constexpr std::size_t kExpositionReserve = 64 * 1024;

HttpReply plain(unsigned status, std::string body) {
  return HttpReply{.status = status, .contentType = kPlainText, .body = std::move(body)};
}

}  // namespace

RequestHandler::RequestHandler(std::string telemetryPath,
                               std::shared_ptr<const prometheus::Collectable> metrics,
                               std::vector<JsonRoute> routes)
    : telemetryPath_(std::move(telemetryPath)),
      metrics_(std::move(metrics)),
      routes_(std::move(routes)),
      statusPage_(builtInStatusPage(telemetryPath_, versionText())) {}

HttpReply RequestHandler::handle(std::string_view path,
                                 const std::optional<BasicCredentials>& credentials,
                                 const BasicAuthVerifier& users) const {
  if (users.required() &&
      (!credentials || !users.verify(credentials->user, credentials->password))) {
    return unauthorized();
  }
  return route(path);
}

HttpReply RequestHandler::route(std::string_view path) const {
  if (path == telemetryPath_) return metrics();
  for (const JsonRoute& route : routes_) {
    if (path == route.path) {
      return HttpReply{.status = 200, .contentType = "application/json", .body = route.body()};
    }
  }
  if (path == "/") {
    return HttpReply{.status = 200,
                     .contentType = "text/html; charset=utf-8",
                     .body = statusPage_.html,
                     .headers = {{"Content-Security-Policy", statusPage_.contentSecurityPolicy}}};
  }
  return plain(404, "Not Found\n");
}

HttpReply RequestHandler::metrics() const {
  HttpReply reply{.status = 200, .contentType = kTextExpositionContentType};
  reply.body.reserve(kExpositionReserve);
  appendTextExposition(metrics_->Collect(), reply.body);
  // The body lives until its last byte is sent, which a slow client can make long, while its
  // --web.max-requests slot is already free: it keeps what it holds, not what was reserved.
  reply.body.shrink_to_fit();
  return reply;
}

HttpReply RequestHandler::unauthorized() {
  HttpReply reply = plain(401, "Unauthorized\n");
  reply.askForCredentials = true;
  return reply;
}

HttpReply RequestHandler::methodNotAllowed() { return plain(405, "Method Not Allowed\n"); }

HttpReply RequestHandler::internalError() { return plain(500, "Internal Server Error\n"); }

HttpReply RequestHandler::tooManyPasswordChecks() {
  return plain(503, "Too many password checks pending, try again later.\n");
}

HttpReply RequestHandler::tooManyRequests(unsigned limit) {
  // promhttp's text, which node_exporter's --web.max-requests answers with.
  return plain(503, "Limit of concurrent requests reached (" + std::to_string(limit) +
                        "), try again later.\n");
}

}  // namespace memwatch
