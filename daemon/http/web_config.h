#pragma once

// --web.config.file: TLS, basic auth and response headers, in the exporter-toolkit format that
// node_exporter's users already have (https://github.com/prometheus/exporter-toolkit,
// docs/web-configuration.md).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "collectors/base/expected.h"

namespace memwatch {

// exporter-toolkit's client_auth_type values, with Go's crypto/tls meaning.
enum class ClientAuthType {
  NoClientCert,
  RequestClientCert,
  RequireAnyClientCert,
  VerifyClientCertIfGiven,
  RequireAndVerifyClientCert,
};

enum class TlsVersion { Tls10, Tls11, Tls12, Tls13 };

// tls_server_config, with its files already read: a missing or unreadable file is refused when
// the configuration is loaded, not at the first handshake.
struct TlsSettings {
  std::string certFile;      // absolute: relative paths are taken from the web config's directory
  std::string keyFile;       // as exporter-toolkit does
  std::string clientCaFile;  // empty: none
  ClientAuthType clientAuth = ClientAuthType::NoClientCert;
  TlsVersion minVersion = TlsVersion::Tls12;  // exporter-toolkit's default
  std::optional<TlsVersion> maxVersion;
  std::string certPem;
  std::string keyPem;
  std::string clientCaPem;
  // The GnuTLS priority string the versions (and curve_preferences, if given) come to.
  std::string gnutlsPriorities;
};

struct WebConfig {
  std::string path;                // the file it came from; empty: no --web.config.file
  std::optional<TlsSettings> tls;  // absent: plain HTTP
  std::map<std::string, std::string, std::less<>> basicAuthUsers;  // user -> bcrypt hash
  std::vector<std::pair<std::string, std::string>> headers;        // http_server_config.headers
};

// Parses the YAML text of a web config (pure: reads no file). Unknown keys, wrong types, unknown
// client_auth_type or TLS versions, a cert_file without key_file, a hash that is not bcrypt and a
// header exporter-toolkit does not allow are refused as "<path>:<line>: <key>: <why>". Relative
// file names are resolved against `path`'s directory; the PEM fields hold only what the file
// gives inline (cert, key, client_ca), loadWebConfig() fills them from the files.
Expected<WebConfig> parseWebConfig(std::string_view yaml, const std::string& path);

// Reads `path`, parses it, and reads the certificate, key and client CA files it names.
Expected<WebConfig> loadWebConfig(const std::string& path);

}  // namespace memwatch
