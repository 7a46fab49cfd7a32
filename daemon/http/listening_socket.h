#pragma once

// The listening TCP socket of --web.listen-address, opened by memwatchd rather than by the HTTP
// library: the error names the address and the reason as the operator wrote them, and the same
// socket outlives a restart of the HTTP library's daemon (a TLS change on SIGHUP), so no
// connection is refused during the switch.

#include "collectors/base/expected.h"
#include "daemon/http/listen_address.h"

namespace memwatch {

class ListeningSocket {
 public:
  // Fails with "cannot listen on <address>: <why>" (in use, no permission, no such address).
  static Expected<ListeningSocket> open(const ListenAddress& address);

  ListeningSocket(ListeningSocket&& other) noexcept;
  ListeningSocket& operator=(ListeningSocket&&) = delete;
  ListeningSocket(const ListeningSocket&) = delete;
  ~ListeningSocket();

  int fd() const { return fd_; }
  // The bound port: differs from the configured one when that was 0.
  int port() const;

 private:
  explicit ListeningSocket(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace memwatch
