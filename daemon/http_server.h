#pragma once

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>

#include <memory>
#include <string>

#include "collectors/expected.h"
#include "daemon/listen_address.h"

namespace memwatch {

// prometheus-cpp's Exposer (civetweb) serving one collectable at the telemetry path.
class HttpServer {
 public:
  // Fails with a message naming the address when it cannot be bound (in use, no permission).
  static Expected<std::unique_ptr<HttpServer>> start(
      const ListenAddress& address, const std::string& telemetryPath,
      const std::weak_ptr<prometheus::Collectable>& metrics);

  // The bound port: differs from the configured one when that was 0.
  int port() const;

 private:
  explicit HttpServer(std::unique_ptr<prometheus::Exposer> exposer);
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace memwatch
