// Tests of HttpServer itself, started on 127.0.0.1 and spoken to over a real socket: what
// happens when a reply cannot be built.
#include "daemon/http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <prometheus/registry.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace memwatch {
namespace {

// One request on a fresh connection, "Connection: close", read to the end: the status line's
// code, or 0 when the server closed without answering.
int statusOf(int port, const std::string& path, const std::string& extraHeaders = "") {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval timeout{.tv_sec = 30, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders +
                              "Connection: close\r\n\r\n";
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(request.size())) {
    close(fd);
    return -1;
  }
  std::string response;
  char buffer[4096];
  for (;;) {
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    response.append(buffer, static_cast<std::size_t>(got));
  }
  close(fd);
  if (response.size() < 12 || !response.starts_with("HTTP/1.1 ")) return 0;
  return std::stoi(response.substr(9, 3));
}

std::unique_ptr<HttpServer> startServer(std::vector<JsonRoute> routes, HttpLimits limits = {},
                                        const WebConfig& webConfig = {}) {
  Expected<std::unique_ptr<HttpServer>> server =
      HttpServer::start(ListenAddress{.host = "127.0.0.1", .port = 0}, limits, webConfig,
                        "/metrics", std::make_shared<prometheus::Registry>(), std::move(routes));
  if (!server) ADD_FAILURE() << server.error().message;
  return server ? std::move(server).value() : nullptr;
}

TEST(HttpServer, AThrowingRouteIsAnswered500AndTheServerGoesOn) {
  std::vector<JsonRoute> routes;
  routes.push_back({.path = "/api/v1/throws", .body = []() -> std::string {
                      throw std::runtime_error("a route that fails");
                    }});
  routes.push_back({.path = "/api/v1/throws-int", .body = []() -> std::string { throw 42; }});
  // One request in flight at most: a slot not released after the failure would turn every
  // later request into a 503.
  std::unique_ptr<HttpServer> server = startServer(std::move(routes), {.maxRequests = 1});
  ASSERT_NE(server, nullptr);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(statusOf(server->port(), "/api/v1/throws"), 500);
    EXPECT_EQ(statusOf(server->port(), "/api/v1/throws-int"), 500);
  }
  EXPECT_EQ(statusOf(server->port(), "/metrics"), 200);
  // And it stops: no connection left suspended.
  server.reset();
}

WebConfig unusableTls() {
  WebConfig config;
  config.tls.emplace();
  config.tls->certPem = "not a certificate";
  config.tls->keyPem = "not a key";
  return config;
}

TEST(HttpServer, TlsSettingsThatDoNotStartLeaveTheListeningSocketOpen) {
  std::unique_ptr<HttpServer> server = startServer({});
  ASSERT_NE(server, nullptr);
  // Twice: each failed start must leave the socket open, and nothing of it closed twice.
  for (int i = 0; i < 2; ++i) {
    std::optional<std::string> refused = server->applyWebConfig(unusableTls());
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(statusOf(server->port(), "/metrics"), 200) << *refused;
  }
  EXPECT_FALSE(server->servesTls());
}

}  // namespace
}  // namespace memwatch
