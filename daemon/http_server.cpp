#include "daemon/http_server.h"

#include <CivetServer.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace memwatch {
namespace {

// civetweb reports why it could not start (e.g. "cannot bind to 127.0.0.1:12100: 98 (Address
// already in use)") only through this callback, which carries no user pointer; the last message
// is kept here so start() can repeat it.
std::mutex civetwebMessageMutex;
std::string lastCivetwebMessage;

int onCivetwebLog(const mg_connection*, const char* message) {
  std::lock_guard lock(civetwebMessageMutex);
  lastCivetwebMessage = message;
  spdlog::debug("civetweb: {}", message);
  return 1;  // handled: civetweb must not print to stderr itself
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<prometheus::Exposer> exposer)
    : exposer_(std::move(exposer)) {}

Expected<std::unique_ptr<HttpServer>> HttpServer::start(
    const ListenAddress& address, const std::string& telemetryPath,
    const std::weak_ptr<prometheus::Collectable>& metrics) {
  static CivetCallbacks callbacks = [] {
    CivetCallbacks c;
    c.log_message = onCivetwebLog;
    return c;
  }();
  const std::string ports = address.civetwebPorts();
  std::vector<std::string> options = {"listening_ports",    ports,  "num_threads", "2",
                                      "request_timeout_ms", "10000"};
  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(options, &callbacks);
  } catch (const std::exception& e) {
    std::lock_guard lock(civetwebMessageMutex);
    std::string why = lastCivetwebMessage.empty() ? e.what() : lastCivetwebMessage;
    return Error{.message = "cannot listen on " + ports + ": " + why};
  }
  exposer->RegisterCollectable(metrics, telemetryPath);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(exposer)));
}

int HttpServer::port() const {
  std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace memwatch
