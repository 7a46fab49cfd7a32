// ListeningSocket::open(): socket, SO_REUSEADDR, IPV6_V6ONLY off for a wildcard, bind, listen;
// the first address family the kernel has wins.
#include "daemon/http/listening_socket.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace memwatch {
namespace {

// The kernel caps it at net.core.somaxconn. Connections beyond --web.max-connections wait in
// this queue: libmicrohttpd stops accepting at its limit; once this queue is full too, the
// kernel drops further SYNs (the client retries, then times out).
constexpr int kBacklog = 1024;

Error failure(const ListenAddress& address, int errnum) {
  return Error{.message = "cannot listen on " + address.text() + ": " + strerror(errnum),
               .errnum = errnum};
}

}  // namespace

Expected<ListeningSocket> ListeningSocket::open(const ListenAddress& address) {
  const std::vector<SocketAddress> candidates = bindCandidates(address);
  int errnum = EAFNOSUPPORT;
  for (const SocketAddress& candidate : candidates) {
    const int fd = socket(candidate.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      errnum = errno;
      if (errnum == EAFNOSUPPORT) continue;  // a kernel without IPv6: the IPv4 wildcard next
      return failure(address, errnum);
    }
    ListeningSocket socket(fd);
    // A restarted memwatchd binds again at once, without waiting for the previous one's
    // connections to leave TIME_WAIT.
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (candidate.family() == AF_INET6) {
      const int v6only = candidate.dualStack ? 0 : 1;
      setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
    }
    if (bind(fd, reinterpret_cast<const sockaddr*>(&candidate.storage), candidate.length) != 0 ||
        listen(fd, kBacklog) != 0) {
      return failure(address, errno);
    }
    return socket;
  }
  return failure(address, errnum);
}

ListeningSocket::ListeningSocket(ListeningSocket&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

ListeningSocket::~ListeningSocket() {
  if (fd_ >= 0) close(fd_);
}

int ListeningSocket::port() const {
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  if (getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length) != 0) return 0;
  if (bound.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port);
  }
  return ntohs(reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
}

}  // namespace memwatch
