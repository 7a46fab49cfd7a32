// Tests of parseWebConfig() (every refusal with its line and key, paths, GnuTLS priorities) and
// loadWebConfig() against certificates and keys made here with GnuTLS.
#include "daemon/http/web_config.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>

namespace memwatch {
namespace {

const std::string kPath = "/etc/memwatch/web.yml";
const std::string kHash = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG";

WebConfig parsed(const std::string& yaml, const std::string& path = kPath) {
  Expected<WebConfig> config = parseWebConfig(yaml, path);
  EXPECT_TRUE(config) << (config ? "" : config.error().message);
  return config ? config.value() : WebConfig{};
}

TEST(WebConfig, EmptyFileOrMappingMeansPlainHttpWithoutAuth) {
  for (const char* yaml : {"", "{}", "# nothing\n", "tls_server_config:\n", "tls_server_config: {}",
                           "basic_auth_users: {}", "http_server_config: {headers: {}}"}) {
    WebConfig config = parsed(yaml);
    EXPECT_EQ(config.path, kPath);
    EXPECT_FALSE(config.tls) << yaml;
    EXPECT_TRUE(config.basicAuthUsers.empty()) << yaml;
    EXPECT_TRUE(config.headers.empty()) << yaml;
  }
}

TEST(WebConfig, ReadsEverythingMemwatchdHonours) {
  WebConfig config = parsed(
      "tls_server_config:\n"
      "  cert_file: tls/server.crt\n"
      "  key_file: /srv/keys/server.key\n"
      "  client_auth_type: RequireAndVerifyClientCert\n"
      "  client_ca_file: ../ca.pem\n"
      "  min_version: TLS13\n"
      "  prefer_server_cipher_suites: false\n"
      "  cipher_suites: []\n"
      "http_server_config:\n"
      "  http2: false\n"
      "  headers:\n"
      "    X-Frame-Options: deny\n"
      "    Strict-Transport-Security: max-age=31536000\n"
      "    X-XSS-Protection: \"\"\n"
      "basic_auth_users:\n"
      "  prometheus: " +
      kHash + "\n  other: '" + kHash + "'\n");
  ASSERT_TRUE(config.tls);
  const TlsSettings& tls = *config.tls;
  EXPECT_EQ(tls.certFile, "/etc/memwatch/tls/server.crt");
  EXPECT_EQ(tls.keyFile, "/srv/keys/server.key");
  EXPECT_EQ(tls.clientCaFile, "/etc/ca.pem");
  EXPECT_EQ(tls.clientAuth, ClientAuthType::RequireAndVerifyClientCert);
  EXPECT_EQ(tls.minVersion, TlsVersion::Tls13);
  EXPECT_FALSE(tls.maxVersion);
  EXPECT_EQ(tls.gnutlsPriorities, "NORMAL:-VERS-ALL:+VERS-TLS1.3");
  EXPECT_TRUE(tls.certPem.empty());
  EXPECT_EQ(config.basicAuthUsers.size(), 2u);
  EXPECT_EQ(config.basicAuthUsers.at("prometheus"), kHash);
  // In the file's order; a blank value is left unset, as exporter-toolkit documents.
  std::vector<std::pair<std::string, std::string>> headers{
      {"X-Frame-Options", "deny"}, {"Strict-Transport-Security", "max-age=31536000"}};
  EXPECT_EQ(config.headers, headers);
}

TEST(WebConfig, RelativeFilesAreTakenFromTheConfigsDirectory) {
  WebConfig config = parsed("tls_server_config: {cert_file: c.pem, key_file: ./k/../k.pem}\n");
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->certFile, "/etc/memwatch/c.pem");
  EXPECT_EQ(config.tls->keyFile, "/etc/memwatch/k.pem");

  // A config named relative to the working directory: still absolute, from there.
  WebConfig here = parsed("tls_server_config: {cert_file: c.pem, key_file: k.pem}\n", "web.yml");
  ASSERT_TRUE(here.tls);
  EXPECT_EQ(here.tls->certFile, (std::filesystem::current_path() / "c.pem").string());
}

TEST(WebConfig, TlsVersionsAndCurvesBecomeGnutlsPriorities) {
  auto priorities = [](const std::string& extra) {
    WebConfig config = parsed("tls_server_config:\n  cert_file: c\n  key_file: k\n" + extra);
    return config.tls ? config.tls->gnutlsPriorities : "";
  };
  EXPECT_EQ(priorities(""), "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2");
  EXPECT_EQ(priorities("  min_version: TLS10\n  max_version: TLS12\n"),
            "NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0");
  EXPECT_EQ(priorities("  min_version: TLS12\n  max_version: TLS12\n"),
            "NORMAL:-VERS-ALL:+VERS-TLS1.2");
  EXPECT_EQ(priorities("  curve_preferences: [X25519, CurveP256]\n"),
            "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-GROUP-ALL:+GROUP-X25519:"
            "+GROUP-SECP256R1");
}

TEST(WebConfig, ClientAuthTypesIncludingTheOldName) {
  auto type = [](const std::string& name, const std::string& ca) {
    WebConfig config = parsed("tls_server_config:\n  cert_file: c\n  key_file: k\n" + ca +
                              "  client_auth_type: " + name + "\n");
    return config.tls ? config.tls->clientAuth : ClientAuthType::NoClientCert;
  };
  EXPECT_EQ(type("NoClientCert", ""), ClientAuthType::NoClientCert);
  EXPECT_EQ(type("RequestClientCert", ""), ClientAuthType::RequestClientCert);
  EXPECT_EQ(type("RequireAnyClientCert", ""), ClientAuthType::RequireAnyClientCert);
  EXPECT_EQ(type("RequireClientCert", ""), ClientAuthType::RequireAnyClientCert);
  EXPECT_EQ(type("VerifyClientCertIfGiven", "  client_ca_file: ca\n"),
            ClientAuthType::VerifyClientCertIfGiven);
  EXPECT_EQ(type("RequireAndVerifyClientCert", "  client_ca: inline\n"),
            ClientAuthType::RequireAndVerifyClientCert);
}

TEST(WebConfig, InlineCertificateKeyAndCaLandInThePemFields) {
  WebConfig config = parsed(
      "tls_server_config:\n  cert: CERT\n  key: KEY\n  client_ca: CA\n"
      "  client_auth_type: RequireAndVerifyClientCert\n");
  ASSERT_TRUE(config.tls);
  EXPECT_EQ(config.tls->certPem, "CERT");
  EXPECT_EQ(config.tls->keyPem, "KEY");
  EXPECT_EQ(config.tls->clientCaPem, "CA");
  EXPECT_TRUE(config.tls->certFile.empty());
}

struct Refused {
  std::string yaml;
  std::string start;  // "<line>: <key>: <why>" after the path
};

TEST(WebConfig, RefusesWithFileLineAndKey) {
  const std::string tls = "tls_server_config:\n  cert_file: c\n  key_file: k\n";
  const std::vector<Refused> cases{
      {"colour: red\n", "1: colour: unknown key"},
      {tls + "  colour: red\n", "4: tls_server_config.colour: unknown key"},
      {"http_server_config:\n  gzip: true\n", "2: http_server_config.gzip: unknown key"},
      {"tls_server_config: yes\n", "1: tls_server_config: expected a mapping"},
      {"tls_server_config:\n  cert_file: [c]\n  key_file: k\n",
       "2: tls_server_config.cert_file: expected a single value"},
      {tls + "  client_auth_type: RequireAndVerify\n",
       "4: tls_server_config.client_auth_type: unknown client_auth_type 'RequireAndVerify'"},
      {tls + "  min_version: TLS1.2\n",
       "4: tls_server_config.min_version: unknown TLS version 'TLS1.2'"},
      {tls + "  max_version: TLS14\n", "4: tls_server_config.max_version: unknown TLS version"},
      {tls + "  min_version: TLS13\n  max_version: TLS12\n",
       "5: tls_server_config.max_version: lower than min_version"},
      {"tls_server_config:\n  cert_file: c\n", "2: tls_server_config.key_file: missing"},
      {"tls_server_config:\n  key_file: k\n", "2: tls_server_config.cert_file: missing"},
      {"tls_server_config:\n  min_version: TLS13\n", "1: tls_server_config.cert_file: missing"},
      {tls + "  cert: PEM\n", "4: tls_server_config.cert: give either cert or cert_file"},
      {tls + "  client_ca_file: ca\n",
       "4: tls_server_config.client_ca_file: a client CA without a client_auth_type"},
      {tls + "  client_ca: PEM\n",
       "4: tls_server_config.client_ca: a client CA without a client_auth_type"},
      {tls + "  client_ca_file: ca\n  client_ca: PEM\n  client_auth_type: RequireAnyClientCert\n",
       "5: tls_server_config.client_ca: give either client_ca or client_ca_file"},
      {"tls_server_config:\n  cert: PEM\n", "2: tls_server_config.key_file: missing"},
      {tls + "  client_auth_type: RequireAndVerifyClientCert\n",
       "4: tls_server_config.client_ca_file: missing: client_auth_type "
       "RequireAndVerifyClientCert"},
      {tls + "  client_auth_type: VerifyClientCertIfGiven\n",
       "4: tls_server_config.client_ca_file: missing"},
      {tls + "  cipher_suites: [TLS_AES_128_GCM_SHA256]\n",
       "4: tls_server_config.cipher_suites: not supported by memwatchd"},
      {tls + "  client_allowed_sans: [client.example]\n",
       "4: tls_server_config.client_allowed_sans: not supported by memwatchd"},
      {tls + "  curve_preferences: [CurveP224]\n",
       "4: tls_server_config.curve_preferences: unknown curve 'CurveP224'"},
      {tls + "  prefer_server_cipher_suites: sometimes\n",
       "4: tls_server_config.prefer_server_cipher_suites: expected true or false"},
      {"rate_limit:\n  interval: 1s\n  burst: 5\n", "1: rate_limit: not supported by memwatchd"},
      {"http_server_config:\n  http2: maybe\n",
       "2: http_server_config.http2: expected true or false"},
      {"http_server_config:\n  headers:\n    X-Powered-By: memwatch\n",
       "3: http_server_config.headers.X-Powered-By: this header cannot be configured"},
      {"http_server_config:\n  headers:\n    x-frame-options: deny\n",
       "3: http_server_config.headers.x-frame-options: this header cannot be configured"},
      {"http_server_config:\n  headers:\n    X-Frame-Options: allow\n",
       "3: http_server_config.headers.X-Frame-Options: 'allow' is not one of the values allowed: "
       "deny, sameorigin"},
      {"http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n",
       "3: http_server_config.headers.X-Content-Type-Options: 'sniff' is not one"},
      {"http_server_config:\n  headers:\n    Content-Security-Policy: \"a\\r\\nSet-Cookie: x\"\n",
       "3: http_server_config.headers.Content-Security-Policy: control characters"},
      {"http_server_config:\n  headers:\n    X-XSS-Protection: ''\n    X-XSS-Protection: '0'\n",
       "4: http_server_config.headers.X-XSS-Protection: given again"},
      {"basic_auth_users:\n  alice: s3cret\n", "2: basic_auth_users.alice: not a bcrypt hash"},
      {"basic_auth_users:\n  alice: $1$abc$0123456789012345678901\n",
       "2: basic_auth_users.alice: not a bcrypt hash"},
      {"basic_auth_users:\n  alice: $2y$03$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG\n",
       "2: basic_auth_users.alice: not a bcrypt hash"},
      {"basic_auth_users:\n  alice: $2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7Esim\n",
       "2: basic_auth_users.alice: not a bcrypt hash"},
      {"basic_auth_users:\n  alice:\n", "2: basic_auth_users.alice: not a bcrypt hash"},
      {"basic_auth_users:\n  a:b: " + kHash + "\n",
       "2: basic_auth_users.a:b: a user name with ':'"},
      {"basic_auth_users:\n  alice: " + kHash + "\n  alice: " + kHash + "\n",
       "3: basic_auth_users.alice: user given again"},
      {"basic_auth_users: {}\nhttp_server_config: {}\nbasic_auth_users: {}\n",
       "3: basic_auth_users: given again (first at line 1)"},
      {"- tls_server_config\n", "1: web config: expected a mapping of keys"},
      {"tls_server_config:\n  cert_file: [c\n", "3: invalid YAML"},
  };
  for (const Refused& refused : cases) {
    Expected<WebConfig> config = parseWebConfig(refused.yaml, kPath);
    ASSERT_FALSE(config) << refused.yaml;
    EXPECT_EQ(config.error().message.rfind(kPath + ":" + refused.start, 0), 0u)
        << refused.yaml << "\n-> " << config.error().message;
  }
}

// A self-signed ECDSA certificate for localhost and its key, in PEM.
struct CertificateAndKey {
  std::string cert;
  std::string key;
};

std::string exported(int rc, gnutls_datum_t datum) {
  EXPECT_GE(rc, 0) << gnutls_strerror(rc);
  std::string pem(reinterpret_cast<const char*>(datum.data), datum.size);
  gnutls_free(datum.data);
  return pem;
}

CertificateAndKey selfSigned() {
  gnutls_x509_privkey_t key = nullptr;
  gnutls_x509_crt_t crt = nullptr;
  gnutls_x509_privkey_init(&key);
  EXPECT_EQ(gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA,
                                         GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
            0);
  gnutls_x509_crt_init(&crt);
  gnutls_x509_crt_set_version(crt, 3);
  unsigned char serial = 1;
  gnutls_x509_crt_set_serial(crt, &serial, 1);
  gnutls_x509_crt_set_activation_time(crt, std::time(nullptr) - 60);
  gnutls_x509_crt_set_expiration_time(crt, std::time(nullptr) + 3600);
  gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, "localhost", 9);
  gnutls_x509_crt_set_key(crt, key);
  EXPECT_EQ(gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0), 0);
  gnutls_datum_t certPem{}, keyPem{};
  CertificateAndKey made;
  made.cert = exported(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &certPem), certPem);
  made.key = exported(gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &keyPem), keyPem);
  gnutls_x509_crt_deinit(crt);
  gnutls_x509_privkey_deinit(key);
  return made;
}

class LoadWebConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "webcfg-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::filesystem::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

TEST_F(LoadWebConfig, ReadsTheFilesItNames) {
  CertificateAndKey server = selfSigned();
  CertificateAndKey ca = selfSigned();
  write("server.crt", server.cert);
  write("server.key", server.key);
  write("ca.pem", ca.cert);
  std::string path = write("web.yml",
                           "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                           "  client_ca_file: ca.pem\n"
                           "  client_auth_type: RequireAndVerifyClientCert\n");
  Expected<WebConfig> config = loadWebConfig(path);
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_TRUE(config.value().tls);
  EXPECT_EQ(config.value().tls->certPem, server.cert);
  EXPECT_EQ(config.value().tls->keyPem, server.key);
  EXPECT_EQ(config.value().tls->clientCaPem, ca.cert);
}

TEST_F(LoadWebConfig, AcceptsAnInlineCertificateAndKey) {
  CertificateAndKey server = selfSigned();
  auto indented = [](const std::string& pem) {
    std::string out;
    for (char c : pem) out += c == '\n' ? std::string("\n    ") : std::string(1, c);
    return out;
  };
  std::string path =
      write("web.yml", "tls_server_config:\n  cert: |\n    " + indented(server.cert) +
                           "\n  key: |\n    " + indented(server.key) + "\n");
  Expected<WebConfig> config = loadWebConfig(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config.value().tls->certPem, server.cert);
}

TEST_F(LoadWebConfig, RefusesMissingFilesNamingThem) {
  std::string path = write("web.yml",
                           "\n\ntls_server_config:\n  cert_file: nowhere.crt\n"
                           "  key_file: nowhere.key\n");
  Expected<WebConfig> config = loadWebConfig(path);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message.rfind(path + ":4: tls_server_config.cert_file: ", 0), 0u)
      << config.error().message;
  EXPECT_NE(config.error().message.find((dir_ / "nowhere.crt").string()), std::string::npos)
      << config.error().message;

  Expected<WebConfig> missing = loadWebConfig((dir_ / "absent.yml").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("absent.yml"), std::string::npos);
}

TEST_F(LoadWebConfig, RefusesAKeyThatIsNotTheCertificatesAtLoadNotAtTheFirstHandshake) {
  CertificateAndKey server = selfSigned();
  CertificateAndKey other = selfSigned();
  write("server.crt", server.cert);
  write("other.key", other.key);
  std::string path =
      write("web.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n");
  Expected<WebConfig> config = loadWebConfig(path);
  ASSERT_FALSE(config);
  // Blamed on the key: the certificate is a good one.
  EXPECT_EQ(config.error().message.rfind(path + ":3: tls_server_config.key_file: ", 0), 0u)
      << config.error().message;
}

TEST_F(LoadWebConfig, BlamesTheFileThatIsNotPem) {
  CertificateAndKey server = selfSigned();
  write("server.crt", server.cert);
  write("server.key", server.key);
  write("junk.pem", "not PEM at all\n");
  std::string junkKey =
      write("k.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: junk.pem\n");
  Expected<WebConfig> key = loadWebConfig(junkKey);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message.rfind(junkKey + ":3: tls_server_config.key_file: ", 0), 0u)
      << key.error().message;
  std::string junkCert =
      write("c.yml", "tls_server_config:\n  key_file: server.key\n  cert_file: junk.pem\n");
  Expected<WebConfig> cert = loadWebConfig(junkCert);
  ASSERT_FALSE(cert);
  EXPECT_EQ(cert.error().message.rfind(junkCert + ":3: tls_server_config.cert_file: ", 0), 0u)
      << cert.error().message;
}

TEST_F(LoadWebConfig, RefusesFilesThatAreNotPem) {
  CertificateAndKey server = selfSigned();
  write("server.crt", server.cert);
  write("server.key", server.key);
  write("junk.pem", "not a certificate\n");
  std::string junkCert =
      write("a.yml", "tls_server_config:\n  cert_file: junk.pem\n  key_file: server.key\n");
  EXPECT_FALSE(loadWebConfig(junkCert));
  std::string junkCa =
      write("b.yml",
            "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
            "  client_ca_file: junk.pem\n  client_auth_type: RequireAnyClientCert\n");
  Expected<WebConfig> config = loadWebConfig(junkCa);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("client CA"), std::string::npos) << config.error().message;
}

TEST_F(LoadWebConfig, AFileWithoutTlsNeedsNoCertificate) {
  std::string path = write("web.yml", "basic_auth_users:\n  u: " + kHash + "\n");
  Expected<WebConfig> config = loadWebConfig(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_FALSE(config.value().tls);
  EXPECT_EQ(config.value().basicAuthUsers.size(), 1u);
}

}  // namespace
}  // namespace memwatch
