// parseListenAddress(): host:port split at the last colon, the host checked with inet_pton as
// IPv4 or bracketed IPv6, and the civetweb ports text.
#include "daemon/http/listen_address.h"

#include <arpa/inet.h>

#include "collectors/base/text_scan.h"

namespace memwatch {

std::string ListenAddress::civetwebPorts() const {
  std::string port = std::to_string(this->port);
  return host.empty() ? port : host + ":" + port;
}

Expected<ListenAddress> parseListenAddress(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return Error{.message = "expected host:port, e.g. :12100"};
  std::string_view host = text.substr(0, colon);
  std::optional<std::uint64_t> port = parseUnsigned(text.substr(colon + 1));
  if (!port || *port > 65535) return Error{.message = "port must be a number from 0 to 65535"};

  ListenAddress address;
  address.port = static_cast<std::uint16_t>(*port);
  if (host.empty()) return address;
  unsigned char buffer[sizeof(in6_addr)];
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    std::string inner(host.substr(1, host.size() - 2));
    if (inet_pton(AF_INET6, inner.c_str(), buffer) != 1) {
      return Error{.message = "not an IPv6 address: " + inner};
    }
  } else if (inet_pton(AF_INET, std::string(host).c_str(), buffer) != 1) {
    return Error{.message = "host must be an IPv4 address or a bracketed IPv6 address"};
  }
  address.host = std::string(host);
  return address;
}

}  // namespace memwatch
