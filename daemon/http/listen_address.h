#pragma once

// Parsing --web.listen-address.

#include <cstdint>
#include <string>
#include <string_view>

#include "collectors/base/expected.h"

namespace memwatch {

// A node_exporter style listen address: ":12100", "127.0.0.1:12100" or "[::1]:12100".
struct ListenAddress {
  std::string host;  // empty for all interfaces
  std::uint16_t port = 0;
  // The same address in civetweb's listening_ports syntax.
  std::string civetwebPorts() const;
};

// Hosts must be IP literals: civetweb binds addresses, it does not resolve names.
Expected<ListenAddress> parseListenAddress(std::string_view text);

}  // namespace memwatch
