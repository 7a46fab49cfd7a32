#pragma once

// tls_server_config.client_auth_type as Go's crypto/tls applies it, in two steps the TLS library
// can take: what the handshake asks of the client, and whether the certificate it gets must
// chain to client_ca_file.

#include "daemon/http/web_config.h"

namespace memwatch {

enum class ClientCertRequest {
  Ignore,   // no certificate asked for
  Request,  // asked for; the handshake goes on without one
  Require,  // the handshake fails without one
};

struct ClientCertPolicy {
  ClientCertRequest request = ClientCertRequest::Ignore;
  // A certificate the client sent must verify against the client CA, else the connection is
  // refused before any HTTP is read.
  bool verify = false;
};

constexpr ClientCertPolicy clientCertPolicy(ClientAuthType type) {
  switch (type) {
    case ClientAuthType::NoClientCert:
      return {};
    case ClientAuthType::RequestClientCert:
      return {.request = ClientCertRequest::Request};
    case ClientAuthType::RequireAnyClientCert:
      return {.request = ClientCertRequest::Require};
    case ClientAuthType::VerifyClientCertIfGiven:
      return {.request = ClientCertRequest::Request, .verify = true};
    case ClientAuthType::RequireAndVerifyClientCert:
      return {.request = ClientCertRequest::Require, .verify = true};
  }
  return {};
}

}  // namespace memwatch
