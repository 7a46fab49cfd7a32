// checkWithGnutls(): the certificate, the key, the pair, the client CA and the priority string,
// each tried with GnuTLS the way the server will use them.
#include "daemon/http/tls_material_check.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

namespace memwatch {
namespace {

gnutls_datum_t datumOf(const std::string& pem) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(pem.data())),
          static_cast<unsigned>(pem.size())};
}

// The certificate and the key each parsed alone first, so that a bad key is blamed on key_file
// and a good key that is not the certificate's on key_file too, rather than all on cert_file.
std::optional<GnutlsProblem> checkCertificateAndKey(const TlsSettings& tls) {
  const gnutls_datum_t cert = datumOf(tls.certPem);
  const gnutls_datum_t key = datumOf(tls.keyPem);
  gnutls_x509_crt_t* chain = nullptr;
  unsigned chainLength = 0;
  int rc = gnutls_x509_crt_list_import2(&chain, &chainLength, &cert, GNUTLS_X509_FMT_PEM, 0);
  if (rc < 0) return GnutlsProblem{.part = TlsPart::Certificate, .why = gnutls_strerror(rc)};
  for (unsigned i = 0; i < chainLength; ++i) gnutls_x509_crt_deinit(chain[i]);
  gnutls_free(chain);
  gnutls_x509_privkey_t privateKey = nullptr;
  rc = gnutls_x509_privkey_init(&privateKey);
  if (rc >= 0) rc = gnutls_x509_privkey_import2(privateKey, &key, GNUTLS_X509_FMT_PEM, nullptr, 0);
  gnutls_x509_privkey_deinit(privateKey);
  if (rc < 0) return GnutlsProblem{.part = TlsPart::Key, .why = gnutls_strerror(rc)};

  gnutls_certificate_credentials_t credentials = nullptr;
  if (rc = gnutls_certificate_allocate_credentials(&credentials); rc < 0) {
    return GnutlsProblem{.why = std::string("GnuTLS: ") + gnutls_strerror(rc)};
  }
  rc = gnutls_certificate_set_x509_key_mem2(credentials, &cert, &key, GNUTLS_X509_FMT_PEM, nullptr,
                                            0);
  gnutls_certificate_free_credentials(credentials);
  if (rc < 0) {
    return GnutlsProblem{.part = TlsPart::Key,
                         .why = std::string("not the certificate's key: ") + gnutls_strerror(rc)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<GnutlsProblem> checkWithGnutls(const TlsSettings& tls) {
  if (std::optional<GnutlsProblem> problem = checkCertificateAndKey(tls)) return problem;
  if (!tls.clientCaPem.empty()) {
    gnutls_certificate_credentials_t credentials = nullptr;
    int rc = gnutls_certificate_allocate_credentials(&credentials);
    if (rc < 0) return GnutlsProblem{.why = std::string("GnuTLS: ") + gnutls_strerror(rc)};
    const gnutls_datum_t ca = datumOf(tls.clientCaPem);
    rc = gnutls_certificate_set_x509_trust_mem(credentials, &ca, GNUTLS_X509_FMT_PEM);
    gnutls_certificate_free_credentials(credentials);
    if (rc <= 0) {
      return GnutlsProblem{.part = TlsPart::ClientCa,
                           .why = std::string("client CA: ") +
                                  (rc == 0 ? "no PEM certificate in it" : gnutls_strerror(rc))};
    }
  }
  gnutls_priority_t priority = nullptr;
  int rc = gnutls_priority_init2(&priority, tls.gnutlsPriorities.c_str(), nullptr, 0);
  if (rc < 0) {
    return GnutlsProblem{.part = TlsPart::Priorities,
                         .why = "GnuTLS refuses the priorities '" + tls.gnutlsPriorities +
                                "': " + gnutls_strerror(rc)};
  }
  gnutls_priority_deinit(priority);
  return std::nullopt;
}

}  // namespace memwatch
