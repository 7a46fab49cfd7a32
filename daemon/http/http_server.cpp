// HttpServer on civetweb: head and body sent in one write, eight keep-alive workers, and a stop
// sped up by connecting to the listening socket.
#include "daemon/http/http_server.h"

#include <CivetServer.h>
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "collectors/base/build_info.h"
#include "daemon/http/exposition_writer.h"

namespace memwatch {
namespace {

// civetweb reports why it could not start (e.g. "cannot bind to 127.0.0.1:12100: 98 (Address
// already in use)", then "Failed to setup server ports") only through this callback, which
// carries no user pointer; the first message since start() began is kept so start() can repeat
// it: it is the one with the reason.
std::mutex civetwebMessageMutex;
std::string firstCivetwebMessage;

int onCivetwebLog(const mg_connection*, const char* message) {
  std::lock_guard lock(civetwebMessageMutex);
  if (firstCivetwebMessage.empty()) firstCivetwebMessage = message;
  spdlog::debug("civetweb: {}", message);
  return 1;  // handled: civetweb must not print to stderr itself
}

// Head and body go out in one write: split in two, Nagle's algorithm holds the body back until
// the client acknowledges the head, and on a kept-alive connection the client delays that ACK by
// up to 40 ms, on every scrape. A response buffer starts with kHeadRoom bytes of room for the
// head, so the body is written once, in place, and never copied.
constexpr std::size_t kHeadRoom = 128;

std::string responseBuffer(std::size_t bodyCapacity) {
  std::string buffer(kHeadRoom, ' ');
  buffer.reserve(kHeadRoom + bodyCapacity);
  return buffer;
}

void sendResponse(mg_connection* connection, const char* contentType, std::string& buffer) {
  const std::size_t bodySize = buffer.size() - kHeadRoom;
  char head[kHeadRoom];
  auto result = fmt::format_to_n(head, sizeof head,
                                 "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
                                 "Cache-Control: no-store\r\n\r\n",
                                 contentType, bodySize);
  if (result.size > sizeof head) {  // only a far longer content type could do this
    mg_send_http_error(connection, 500, "response head too long");
    return;
  }
  char* start = buffer.data() + kHeadRoom - result.size;
  std::copy(head, result.out, start);
  mg_write(connection, start, buffer.data() + buffer.size() - start);
}

// civetweb's feature bit for IPv6 (mg_check_feature); Debian 12 builds civetweb without it.
constexpr unsigned kCivetwebIpv6 = 8;

bool isIpv6(const ListenAddress& address) { return address.host.starts_with('['); }

// Connects to the listening socket and hangs up; an address for all interfaces is reached
// through loopback. Only IPv4 can be listened on (see kCivetwebIpv6).
void wakeListener(const std::string& host, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const std::string ip = host.empty() || host == "0.0.0.0" ? "127.0.0.1" : host;
  if (inet_pton(AF_INET, ip.c_str(), &address.sin_addr) != 1) return;
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  close(fd);
}

}  // namespace

class HttpServer::MetricsHandler : public CivetHandler {
 public:
  explicit MetricsHandler(std::shared_ptr<const prometheus::Collectable> metrics)
      : metrics_(std::move(metrics)) {}

  bool handleGet(CivetServer*, mg_connection* connection) override {
    std::string buffer = responseBuffer(64 * 1024);
    appendTextExposition(metrics_->Collect(), buffer);
    sendResponse(connection, kTextExpositionContentType, buffer);
    return true;
  }

 private:
  const std::shared_ptr<const prometheus::Collectable> metrics_;
};

class HttpServer::LandingPageHandler : public CivetHandler {
 public:
  explicit LandingPageHandler(const std::string& telemetryPath)
      : page_("<html><head><title>memwatchd</title></head><body><h1>memwatchd</h1><p>" +
              std::string(versionText()) + "</p><p><a href=\"" + telemetryPath +
              "\">Metrics</a></p></body></html>\n") {}

  bool handleGet(CivetServer*, mg_connection* connection) override {
    if (std::string_view(mg_get_request_info(connection)->local_uri) != "/") {
      mg_send_http_error(connection, 404, "Not Found");
      return true;
    }
    std::string buffer = responseBuffer(page_.size());
    buffer += page_;
    sendResponse(connection, "text/html; charset=utf-8", buffer);
    return true;
  }

 private:
  const std::string page_;
};

class HttpServer::JsonHandler : public CivetHandler {
 public:
  explicit JsonHandler(std::function<std::string()> body) : body_(std::move(body)) {}

  bool handleGet(CivetServer*, mg_connection* connection) override {
    std::string buffer = responseBuffer(16 * 1024);
    buffer += body_();
    sendResponse(connection, "application/json", buffer);
    return true;
  }

 private:
  const std::function<std::string()> body_;
};

HttpServer::HttpServer(std::unique_ptr<CivetServer> server, std::unique_ptr<MetricsHandler> metrics,
                       std::unique_ptr<LandingPageHandler> landing,
                       std::vector<std::unique_ptr<JsonHandler>> json, std::string host)
    : host_(std::move(host)),
      metricsHandler_(std::move(metrics)),
      landingHandler_(std::move(landing)),
      jsonHandlers_(std::move(json)),
      server_(std::move(server)) {}

// civetweb 1.15's listener looks at its stop flag only when poll() returns, every 2 s when idle,
// so mg_stop() would take up to 2 s. A connection to our own listening socket makes poll() return
// at once; it is repeated until the stop has gone through, in case the first one came before the
// flag was set.
HttpServer::~HttpServer() {
  const int boundPort = port();
  std::atomic<bool> stopped = false;
  std::thread stopper([this, &stopped] {
    server_.reset();
    stopped = true;
  });
  for (int attempt = 0; attempt < 300 && !stopped; ++attempt) {
    wakeListener(host_, boundPort);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stopper.join();
}

Expected<std::unique_ptr<HttpServer>> HttpServer::start(
    const ListenAddress& address, const std::string& telemetryPath,
    std::shared_ptr<const prometheus::Collectable> metrics, std::vector<JsonRoute> routes) {
  static CivetCallbacks callbacks = [] {
    CivetCallbacks c;
    c.log_message = onCivetwebLog;
    return c;
  }();
  const std::string ports = address.civetwebPorts();
  if (isIpv6(address) && mg_check_feature(kCivetwebIpv6) == 0) {
    return Error{.message = "cannot listen on " + ports +
                            ": this civetweb library is built without IPv6 support"};
  }
  // civetweb gives each connection a worker for as long as it is kept alive, so the workers bound
  // the clients served at once: eight leave room for an HA pair of Prometheus servers, an agent
  // and an operator's curl, where two let two idle connections lock everyone else out for a
  // minute. An idle worker costs a few KiB of touched stack. Keep-alive lets Prometheus reuse its
  // connection instead of paying a TCP handshake per scrape; TCP_NODELAY (Go's default, so
  // node_exporter's too) keeps a response's last segment from waiting on an ACK.
  std::vector<std::string> options = {"listening_ports",       ports,   "num_threads",       "8",
                                      "request_timeout_ms",    "10000", "enable_keep_alive", "yes",
                                      "keep_alive_timeout_ms", "60000", "tcp_nodelay",       "1"};
  std::unique_ptr<CivetServer> server;
  {
    std::lock_guard lock(civetwebMessageMutex);
    firstCivetwebMessage.clear();
  }
  try {
    server = std::make_unique<CivetServer>(options, &callbacks);
  } catch (const std::exception& e) {
    std::lock_guard lock(civetwebMessageMutex);
    std::string why = firstCivetwebMessage.empty() ? e.what() : firstCivetwebMessage;
    return Error{.message = "cannot listen on " + ports + ": " + why};
  }
  auto metricsHandler = std::make_unique<MetricsHandler>(std::move(metrics));
  auto landingHandler = std::make_unique<LandingPageHandler>(telemetryPath);
  // "$" anchors the pattern: civetweb matches handler patterns as prefixes.
  server->addHandler(telemetryPath + "$", metricsHandler.get());
  if (telemetryPath != "/") server->addHandler("/$", landingHandler.get());
  std::vector<std::unique_ptr<JsonHandler>> jsonHandlers;
  for (JsonRoute& route : routes) {
    jsonHandlers.push_back(std::make_unique<JsonHandler>(std::move(route.body)));
    server->addHandler(route.path + "$", jsonHandlers.back().get());
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(server), std::move(metricsHandler),
                                                    std::move(landingHandler),
                                                    std::move(jsonHandlers), address.host));
}

int HttpServer::port() const {
  std::vector<int> ports = server_->getListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace memwatch
