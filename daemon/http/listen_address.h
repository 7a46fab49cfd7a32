#pragma once

// Parsing --web.listen-address, and the socket addresses it is bound as.

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"

namespace memwatch {

// A node_exporter style listen address: ":12100", "127.0.0.1:12100" or "[::1]:12100".
struct ListenAddress {
  std::string host;  // empty for all interfaces; an IPv6 host keeps its brackets
  std::uint16_t port = 0;
  // As written, for messages: "127.0.0.1:12100", "[::]:0", ":12100".
  std::string text() const;
};

// Hosts must be IP literals: memwatchd binds addresses, it does not resolve names.
Expected<ListenAddress> parseListenAddress(std::string_view text);

// One address to bind, ready for bind(2).
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  // For the IPv6 wildcard of an empty host: IPV6_V6ONLY off, so IPv4 is served too.
  bool dualStack = false;

  int family() const { return storage.ss_family; }
};

// What to bind, in order of preference; the next is tried only when the kernel lacks the
// previous one's family. An empty host is every interface as Go listens for ":port" (and so
// node_exporter): the IPv6 wildcard dual stack, else (no IPv6 in this kernel) the IPv4 one.
std::vector<SocketAddress> bindCandidates(const ListenAddress& address);

}  // namespace memwatch
