#pragma once

// Whether GnuTLS accepts a web config's TLS material: checked when the file is loaded, so that a
// bad certificate, key, client CA or priority string is refused at start, not at the first
// handshake.

#include <optional>
#include <string>

#include "daemon/http/web_config.h"

namespace memwatch {

// Which key a problem is blamed on.
enum class TlsPart { Certificate, Key, ClientCa, Priorities };

struct GnutlsProblem {
  TlsPart part = TlsPart::Certificate;
  std::string why;
};

// The certificate and the key each parsed alone, then as a pair; the client CA; the priorities.
std::optional<GnutlsProblem> checkWithGnutls(const TlsSettings& tls);

}  // namespace memwatch
