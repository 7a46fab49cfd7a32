// Tests of HttpServer itself, started on 127.0.0.1 and spoken to over a real socket: what
// happens when a reply cannot be built.
#include "daemon/http/http_server.h"

#include <arpa/inet.h>
#include <crypt.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <prometheus/registry.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace memwatch {
namespace {

// Sends one request on a fresh connection, "Connection: close": the socket, or -1.
int sendRequest(int port, const std::string& path, const std::string& extraHeaders = "") {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval timeout{.tv_sec = 30, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders +
                              "Connection: close\r\n\r\n";
  if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) !=
          static_cast<ssize_t>(request.size())) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads the response to its end and closes: the status line's code, 0 when the server closed
// without answering, -1 when the request could not be sent.
int statusFrom(int fd) {
  if (fd < 0) return -1;
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

int statusOf(int port, const std::string& path, const std::string& extraHeaders = "") {
  return statusFrom(sendRequest(port, path, extraHeaders));
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

// At cost 10, tens of milliseconds per round: wrong passwords stay in flight long enough.
std::string bcryptHash(const std::string& password) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  EXPECT_NE(crypt_gensalt_rn("$2b$", 10, nullptr, 0, setting, sizeof setting), nullptr);
  auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_rn(password.c_str(), setting, data.get(), sizeof(crypt_data));
  EXPECT_NE(hash, nullptr);
  return hash;
}

TEST(HttpServer, WrongPasswordsDoNotLockOutARememberedOne) {
  WebConfig webConfig;
  webConfig.basicAuthUsers = {{"prometheus", bcryptHash("right")}};
  std::unique_ptr<HttpServer> server = startServer({}, {.maxRequests = 2}, webConfig);
  ASSERT_NE(server, nullptr);
  const std::string right = "Authorization: Basic cHJvbWV0aGV1czpyaWdodA==\r\n";  // :right
  const std::string wrong = "Authorization: Basic cHJvbWV0aGV1czp3cm9uZw==\r\n";  // :wrong
  ASSERT_EQ(statusOf(server->port(), "/metrics", right), 200);  // remembered from now on

  // Forty wrong passwords sent, their bcrypt rounds queued or running, none answered yet.
  std::vector<int> wrongRequests;
  for (int i = 0; i < 40; ++i)
    wrongRequests.push_back(sendRequest(server->port(), "/metrics", wrong));
  const auto begin = std::chrono::steady_clock::now();
  const int scrape = statusOf(server->port(), "/metrics", right);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - begin);
  std::printf("a remembered password's scrape behind 40 wrong ones took %lld ms\n",
              static_cast<long long>(took.count()));
  int refused = 0;
  for (int fd : wrongRequests) {
    const int status = statusFrom(fd);
    EXPECT_TRUE(status == 401 || status == 503) << status;
    refused += status == 503;
  }
  EXPECT_EQ(scrape, 200);
  EXPECT_LT(took, std::chrono::seconds(20));  // generous: a few milliseconds expected
  // Beyond the pending password checks, wrong passwords are refused without a bcrypt round.
  EXPECT_GE(refused, 1);
  EXPECT_EQ(statusOf(server->port(), "/metrics", wrong), 401);
  EXPECT_EQ(statusOf(server->port(), "/metrics"), 401);
}

TEST(HttpServer, AReloadWithTheSameUsersKeepsTheRememberedPasswords) {
  WebConfig webConfig;
  webConfig.basicAuthUsers = {{"prometheus", bcryptHash("right")}};
  std::unique_ptr<HttpServer> server = startServer({}, {}, webConfig);
  ASSERT_NE(server, nullptr);
  const std::string right = "Authorization: Basic cHJvbWV0aGV1czpyaWdodA==\r\n";  // :right
  const std::string wrong = "Authorization: Basic cHJvbWV0aGV1czp3cm9uZw==\r\n";  // :wrong
  ASSERT_EQ(statusOf(server->port(), "/metrics", right), 200);
  webConfig.headers = {{"X-Content-Type-Options", "nosniff"}};  // a reload that keeps the users
  ASSERT_FALSE(server->applyWebConfig(webConfig).has_value());
  // The password checks are all taken by wrong passwords: only a remembered password gets in.
  std::vector<int> wrongRequests;
  for (int i = 0; i < 40; ++i) {
    wrongRequests.push_back(sendRequest(server->port(), "/metrics", wrong));
  }
  EXPECT_EQ(statusOf(server->port(), "/metrics", right), 200);
  for (int fd : wrongRequests) statusFrom(fd);
}

std::string fileText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A self-signed certificate and key for 127.0.0.1, made by the openssl CLI as an operator would.
WebConfig selfSignedTls() {
  char pattern[] = "/tmp/memwatch-http-test-XXXXXX";
  const char* directory = mkdtemp(pattern);
  EXPECT_NE(directory, nullptr);
  const std::filesystem::path dir(directory ? directory : "/tmp");
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
      "-subj /CN=127.0.0.1 -keyout " +
      (dir / "key.pem").string() + " -out " + (dir / "cert.pem").string() + " 2>/dev/null";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  WebConfig config;
  config.tls.emplace();
  config.tls->certPem = fileText(dir / "cert.pem");
  config.tls->keyPem = fileText(dir / "key.pem");
  std::filesystem::remove_all(dir);
  return config;
}

TEST(HttpServer, ATlsChangeDoesNotWaitForAStuckReply) {
  std::mutex mutex;
  std::condition_variable changed;
  bool released = false;
  bool stuckReplyBegun = false;
  auto release = [&] {
    std::lock_guard lock(mutex);
    released = true;
    changed.notify_all();
  };
  std::vector<JsonRoute> routes;
  routes.push_back({.path = "/api/v1/stuck", .body = [&] {
                      std::unique_lock lock(mutex);
                      stuckReplyBegun = true;
                      changed.notify_all();
                      changed.wait(lock, [&] { return released; });
                      return std::string("{}");
                    }});
  std::unique_ptr<HttpServer> server = startServer(std::move(routes));
  ASSERT_NE(server, nullptr);
  int stuckStatus = -1;
  std::thread stuckClient([&] { stuckStatus = statusOf(server->port(), "/api/v1/stuck"); });
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return stuckReplyBegun; });
  }
  // Without the fix applyWebConfig() waits for the stuck reply: this releases it after a
  // while, so that the test fails rather than hangs.
  std::thread failSafe([&] {
    std::unique_lock lock(mutex);
    if (!changed.wait_for(lock, std::chrono::seconds(20), [&] { return released; })) {
      released = true;
      changed.notify_all();
    }
  });
  const std::optional<std::string> refused = server->applyWebConfig(selfSignedTls());
  bool releasedBeforeTheChangeReturned = false;
  {
    std::lock_guard lock(mutex);
    releasedBeforeTheChangeReturned = released;
  }
  release();
  failSafe.join();
  stuckClient.join();
  EXPECT_FALSE(refused.has_value()) << refused.value_or("");
  EXPECT_FALSE(releasedBeforeTheChangeReturned);
  EXPECT_TRUE(server->servesTls());
  // The old daemon finished the reply it had begun.
  EXPECT_EQ(stuckStatus, 200);
}

}  // namespace
}  // namespace memwatch
