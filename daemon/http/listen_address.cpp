// parseListenAddress(): host:port split at the last colon, the host checked with inet_pton as
// IPv4 or bracketed IPv6; bindCandidates(): the same host as sockaddr_in or sockaddr_in6.
#include "daemon/http/listen_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

bool isBracketed(std::string_view host) {
  return host.size() > 2 && host.front() == '[' && host.back() == ']';
}

SocketAddress ipv4(const in_addr& ip, std::uint16_t port) {
  SocketAddress address;
  auto* in = reinterpret_cast<sockaddr_in*>(&address.storage);
  in->sin_family = AF_INET;
  in->sin_port = htons(port);
  in->sin_addr = ip;
  address.length = sizeof(sockaddr_in);
  return address;
}

SocketAddress ipv6(const in6_addr& ip, std::uint16_t port) {
  SocketAddress address;
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&address.storage);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(port);
  in6->sin6_addr = ip;
  address.length = sizeof(sockaddr_in6);
  return address;
}

}  // namespace

std::string ListenAddress::text() const { return host + ":" + std::to_string(port); }

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
  if (isBracketed(host)) {
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

std::vector<SocketAddress> bindCandidates(const ListenAddress& address) {
  if (address.host.empty()) {
    SocketAddress any6 = ipv6(in6addr_any, address.port);
    any6.dualStack = true;
    return {any6, ipv4(in_addr{.s_addr = htonl(INADDR_ANY)}, address.port)};
  }
  if (isBracketed(address.host)) {
    in6_addr ip{};
    const std::string inner = address.host.substr(1, address.host.size() - 2);
    if (inet_pton(AF_INET6, inner.c_str(), &ip) != 1) return {};
    // "[::]" is the IPv6 wildcard written out: Go serves IPv4 on it too.
    SocketAddress bound = ipv6(ip, address.port);
    bound.dualStack = IN6_IS_ADDR_UNSPECIFIED(&ip);
    return {bound};
  }
  in_addr ip{};
  if (inet_pton(AF_INET, address.host.c_str(), &ip) != 1) return {};
  return {ipv4(ip, address.port)};
}

}  // namespace memwatch
