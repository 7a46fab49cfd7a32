// The web config as exporter-toolkit reads it (yaml.UnmarshalStrict into its Config, then
// ConfigToTLSConfig's checks), refused where memwatchd could not honour a key rather than
// silently serving with less security than the file asks for.
#include "daemon/http/web_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "collectors/base/whole_file.h"
#include "daemon/http/tls_material_check.h"

namespace memwatch {
namespace {

// Why a key is refused; thrown inside the parser only, caught by parseWebConfig().
struct Refusal {
  Error error;
};

struct Reader {
  const std::string& path;

  std::string where(const YAML::Mark& mark) const {
    return path + ":" + std::to_string(mark.line + 1);
  }

  [[noreturn]] void refuse(const YAML::Mark& mark, std::string_view key,
                           std::string_view why) const {
    throw Refusal{
        Error{.message = where(mark) + ": " + std::string(key) + ": " + std::string(why)}};
  }
};

// Where a key stood in the file, for the checks that span several keys and for loadWebConfig()'s
// messages about the files they name.
struct KeyPlace {
  bool given = false;
  YAML::Mark mark;
};

struct Entry {
  std::string key;  // dotted: tls_server_config.cert_file
  std::string name;
  YAML::Node keyNode;
  YAML::Node value;
};

// Keys exporter-toolkit has that memwatchd cannot honour; an empty value (the toolkit's default)
// is accepted, anything else refused, because ignoring it would serve with less than asked.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kUnsupported{{
    {"tls_server_config.cipher_suites",
     "not supported by memwatchd: GnuTLS picks the cipher suites of the allowed TLS versions "
     "(set min_version/max_version instead), remove the key"},
    {"tls_server_config.client_allowed_sans",
     "not supported by memwatchd: use a client_ca_file whose CA signs only the allowed clients, "
     "remove the key"},
    {"rate_limit",
     "not supported by memwatchd: --web.max-requests bounds concurrent scrapes, remove the key"},
}};

bool emptyValue(const YAML::Node& node) {
  return node.IsNull() || ((node.IsSequence() || node.IsMap()) && node.size() == 0);
}

// The entries of a mapping, each key a plain name from `known` and given once, as UnmarshalStrict
// requires.
std::vector<Entry> entriesOf(const Reader& reader, const YAML::Node& map, const std::string& prefix,
                             std::initializer_list<std::string_view> known) {
  std::vector<Entry> entries;
  for (const auto& item : map) {
    const YAML::Node& keyNode = item.first;
    if (!keyNode.IsScalar()) reader.refuse(keyNode.Mark(), prefix, "keys must be plain names");
    std::string key = prefix.empty() ? keyNode.Scalar() : prefix + "." + keyNode.Scalar();
    for (const Entry& earlier : entries) {
      if (earlier.key == key) {
        reader.refuse(
            keyNode.Mark(), key,
            "given again (first at line " + std::to_string(earlier.keyNode.Mark().line + 1) + ")");
      }
    }
    for (const auto& [unsupported, why] : kUnsupported) {
      if (key == unsupported && !emptyValue(item.second)) reader.refuse(keyNode.Mark(), key, why);
    }
    if (std::find(known.begin(), known.end(), keyNode.Scalar()) == known.end()) {
      reader.refuse(keyNode.Mark(), key, "unknown key");
    }
    entries.push_back(Entry{key, keyNode.Scalar(), keyNode, item.second});
  }
  return entries;
}

// A section: a mapping, or nothing (`tls_server_config:` with no value, as YAML allows).
bool isSection(const Reader& reader, const Entry& entry) {
  if (entry.value.IsNull()) return false;
  if (!entry.value.IsMap()) reader.refuse(entry.keyNode.Mark(), entry.key, "expected a mapping");
  return true;
}

// A string value; YAML's null (`key:` alone) is the empty string, as in Go.
std::string text(const Reader& reader, const Entry& entry) {
  if (entry.value.IsNull()) return "";
  if (!entry.value.IsScalar()) {
    reader.refuse(entry.keyNode.Mark(), entry.key,
                  "expected a single value, not a list or mapping");
  }
  return entry.value.Scalar();
}

bool boolean(const Reader& reader, const Entry& entry) {
  bool value = false;
  if (!entry.value.IsScalar() || !YAML::convert<bool>::decode(entry.value, value)) {
    reader.refuse(entry.keyNode.Mark(), entry.key, "expected true or false");
  }
  return value;
}

std::vector<std::string> textList(const Reader& reader, const Entry& entry) {
  std::vector<std::string> items;
  if (entry.value.IsNull()) return items;
  if (!entry.value.IsSequence()) reader.refuse(entry.keyNode.Mark(), entry.key, "expected a list");
  for (const YAML::Node& item : entry.value) {
    if (!item.IsScalar()) reader.refuse(item.Mark(), entry.key, "each item must be a single value");
    items.push_back(item.Scalar());
  }
  return items;
}

// exporter-toolkit's config_util.JoinDir, made absolute so that the server does not depend on
// the working directory it happens to run in.
std::string resolveAgainst(const std::string& configPath, const std::string& file) {
  if (file.empty()) return file;
  std::filesystem::path name(file);
  if (!name.is_absolute()) {
    std::filesystem::path dir = std::filesystem::path(configPath).parent_path();
    std::error_code ignored;
    if (dir.empty()) dir = std::filesystem::current_path(ignored);
    name = std::filesystem::absolute(dir, ignored) / name;
  }
  return name.lexically_normal().string();
}

// RequireClientCert is exporter-toolkit's old name of RequireAnyClientCert, still accepted there.
std::optional<ClientAuthType> clientAuthNamed(std::string_view name) {
  if (name.empty() || name == "NoClientCert") return ClientAuthType::NoClientCert;
  if (name == "RequestClientCert") return ClientAuthType::RequestClientCert;
  if (name == "RequireAnyClientCert" || name == "RequireClientCert") {
    return ClientAuthType::RequireAnyClientCert;
  }
  if (name == "VerifyClientCertIfGiven") return ClientAuthType::VerifyClientCertIfGiven;
  if (name == "RequireAndVerifyClientCert") return ClientAuthType::RequireAndVerifyClientCert;
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, TlsVersion>, 4> kTlsVersions{{
    {"TLS10", TlsVersion::Tls10},
    {"TLS11", TlsVersion::Tls11},
    {"TLS12", TlsVersion::Tls12},
    {"TLS13", TlsVersion::Tls13},
}};

TlsVersion tlsVersion(const Reader& reader, const Entry& entry) {
  std::string name = text(reader, entry);
  for (const auto& [known, version] : kTlsVersions) {
    if (name == known) return version;
  }
  reader.refuse(entry.keyNode.Mark(), entry.key,
                "unknown TLS version '" + name + "' (one of TLS10, TLS11, TLS12, TLS13)");
}

// Go's curve names and GnuTLS's groups for them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kCurves{{
    {"CurveP256", "GROUP-SECP256R1"},
    {"CurveP384", "GROUP-SECP384R1"},
    {"CurveP521", "GROUP-SECP521R1"},
    {"X25519", "GROUP-X25519"},
}};

std::string_view gnutlsVersion(TlsVersion version) {
  switch (version) {
    case TlsVersion::Tls10:
      return "VERS-TLS1.0";
    case TlsVersion::Tls11:
      return "VERS-TLS1.1";
    case TlsVersion::Tls12:
      return "VERS-TLS1.2";
    case TlsVersion::Tls13:
      return "VERS-TLS1.3";
  }
  return "VERS-TLS1.3";
}

// GnuTLS's NORMAL with only the versions from max down to min, and only the given groups in the
// given order (Go's curve_preferences); the version list is a range, so no version in between
// is left out.
std::string gnutlsPriorities(TlsVersion min, TlsVersion max,
                             const std::vector<std::string_view>& groups) {
  std::string priorities = "NORMAL:-VERS-ALL";
  for (int version = static_cast<int>(max); version >= static_cast<int>(min); --version) {
    priorities += ":+";
    priorities += gnutlsVersion(static_cast<TlsVersion>(version));
  }
  if (!groups.empty()) priorities += ":-GROUP-ALL";
  for (std::string_view group : groups) {
    priorities += ":+";
    priorities += group;
  }
  return priorities;
}

// The places of the keys that name files, for loadWebConfig()'s messages.
struct FilePlaces {
  KeyPlace cert;
  KeyPlace key;
  KeyPlace clientCa;
  YAML::Mark section;  // tls_server_config itself, for problems of an inline cert and key
};

// tls_server_config as written, before the checks that span several keys.
struct TlsKeys {
  const Entry& section;
  FilePlaces& files;
  KeyPlace cert = {}, key = {}, clientCa = {};  // inline cert, key and client_ca
  KeyPlace clientAuth = {}, maxVersion = {};
  std::string clientAuthName = {};
};

void readTlsKey(const Reader& reader, const Entry& entry, TlsSettings& tls, TlsKeys& keys,
                std::vector<std::string_view>& groups) {
  auto given = [&](KeyPlace& place, bool nonEmpty) {
    place = KeyPlace{.given = nonEmpty, .mark = entry.keyNode.Mark()};
  };
  if (entry.name == "cert_file") {
    tls.certFile = resolveAgainst(reader.path, text(reader, entry));
    given(keys.files.cert, !tls.certFile.empty());
  } else if (entry.name == "key_file") {
    tls.keyFile = resolveAgainst(reader.path, text(reader, entry));
    given(keys.files.key, !tls.keyFile.empty());
  } else if (entry.name == "client_ca_file") {
    tls.clientCaFile = resolveAgainst(reader.path, text(reader, entry));
    given(keys.files.clientCa, !tls.clientCaFile.empty());
  } else if (entry.name == "cert") {
    tls.certPem = text(reader, entry);
    given(keys.cert, !tls.certPem.empty());
  } else if (entry.name == "key") {
    tls.keyPem = text(reader, entry);
    given(keys.key, !tls.keyPem.empty());
  } else if (entry.name == "client_ca") {
    tls.clientCaPem = text(reader, entry);
    given(keys.clientCa, !tls.clientCaPem.empty());
  } else if (entry.name == "client_auth_type") {
    keys.clientAuthName = text(reader, entry);
    std::optional<ClientAuthType> type = clientAuthNamed(keys.clientAuthName);
    if (!type) {
      reader.refuse(entry.keyNode.Mark(), entry.key,
                    "unknown client_auth_type '" + keys.clientAuthName +
                        "' (one of NoClientCert, RequestClientCert, RequireAnyClientCert, "
                        "VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
    }
    tls.clientAuth = *type;
    given(keys.clientAuth, !keys.clientAuthName.empty());
  } else if (entry.name == "min_version") {
    tls.minVersion = tlsVersion(reader, entry);
  } else if (entry.name == "max_version") {
    tls.maxVersion = tlsVersion(reader, entry);
    given(keys.maxVersion, true);
  } else if (entry.name == "prefer_server_cipher_suites") {
    boolean(reader, entry);  // Ignored by Go itself since 1.18, and by memwatchd.
  } else if (entry.name == "curve_preferences") {
    for (const std::string& curve : textList(reader, entry)) {
      auto known = std::find_if(kCurves.begin(), kCurves.end(),
                                [&](const auto& pair) { return pair.first == curve; });
      if (known == kCurves.end()) {
        reader.refuse(
            entry.keyNode.Mark(), entry.key,
            "unknown curve '" + curve + "' (one of CurveP256, CurveP384, CurveP521, X25519)");
      }
      groups.push_back(known->second);
    }
  }
  // cipher_suites and client_allowed_sans reach here only empty: entriesOf() refused the rest.
}

// What ConfigToTLSConfig refuses, and what memwatchd refuses on top: a tls_server_config that
// would serve plain HTTP, a verifying client_auth_type without a CA to verify against.
void checkTlsKeys(const Reader& reader, const TlsSettings& tls, const TlsKeys& keys) {
  const YAML::Mark sectionMark = keys.section.keyNode.Mark();
  const std::string& prefix = keys.section.key;
  const FilePlaces& files = keys.files;
  auto oneOf = [&](const KeyPlace& file, const KeyPlace& inlined, std::string_view fileKey,
                   std::string_view inlineKey, const KeyPlace& neededBy, std::string_view why) {
    if (file.given && inlined.given) {
      reader.refuse(
          inlined.mark, prefix + "." + std::string(inlineKey),
          "give either " + std::string(inlineKey) + " or " + std::string(fileKey) + ", not both");
    }
    if (!file.given && !inlined.given) {
      reader.refuse(neededBy.given ? neededBy.mark : sectionMark,
                    prefix + "." + std::string(fileKey), "missing: " + std::string(why));
    }
  };
  const KeyPlace& certPlace = files.cert.given ? files.cert : keys.cert;
  const KeyPlace& keyPlace = files.key.given ? files.key : keys.key;
  oneOf(files.cert, keys.cert, "cert_file", "cert", keyPlace,
        "TLS needs both a certificate and its key");
  oneOf(files.key, keys.key, "key_file", "key", certPlace,
        "TLS needs both a certificate and its key");
  bool hasClientCa = files.clientCa.given || keys.clientCa.given;
  bool verifies = tls.clientAuth == ClientAuthType::VerifyClientCertIfGiven ||
                  tls.clientAuth == ClientAuthType::RequireAndVerifyClientCert;
  if (hasClientCa || verifies) {
    oneOf(files.clientCa, keys.clientCa, "client_ca_file", "client_ca", keys.clientAuth,
          "client_auth_type " + keys.clientAuthName + " verifies client certificates against it");
  }
  if (hasClientCa && tls.clientAuth == ClientAuthType::NoClientCert) {
    const KeyPlace& caPlace = files.clientCa.given ? files.clientCa : keys.clientCa;
    reader.refuse(caPlace.mark, prefix + (files.clientCa.given ? ".client_ca_file" : ".client_ca"),
                  "a client CA without a client_auth_type that asks for client certificates");
  }
  if (tls.maxVersion && *tls.maxVersion < tls.minVersion) {
    reader.refuse(keys.maxVersion.mark, prefix + ".max_version", "lower than min_version");
  }
}

std::optional<TlsSettings> readTls(const Reader& reader, const Entry& section, FilePlaces& files) {
  if (!isSection(reader, section)) return std::nullopt;
  files.section = section.keyNode.Mark();
  TlsSettings tls;
  TlsKeys keys{.section = section, .files = files};
  std::vector<std::string_view> groups;
  for (const Entry& entry :
       entriesOf(reader, section.value, section.key,
                 {"cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type",
                  "client_ca_file", "client_allowed_sans", "min_version", "max_version",
                  "cipher_suites", "prefer_server_cipher_suites", "curve_preferences"})) {
    readTlsKey(reader, entry, tls, keys, groups);
  }
  bool enabled = files.cert.given || keys.cert.given || files.key.given || keys.key.given ||
                 files.clientCa.given || keys.clientCa.given || keys.clientAuth.given;
  if (!enabled) {
    // exporter-toolkit serves plain HTTP then, whatever min_version says; an operator who wrote
    // a tls_server_config surely meant TLS.
    if (section.value.size() == 0) return std::nullopt;
    reader.refuse(files.section, section.key + ".cert_file",
                  "missing: without a certificate memwatchd would serve plain HTTP");
  }
  checkTlsKeys(reader, tls, keys);
  tls.gnutlsPriorities =
      gnutlsPriorities(tls.minVersion, tls.maxVersion.value_or(TlsVersion::Tls13), groups);
  return tls;
}

// exporter-toolkit's extraHTTPHeaders: the only headers it lets a web config set, some with a
// fixed set of values.
struct AllowedHeader {
  std::string_view name;
  std::vector<std::string_view> values;  // empty: any value
};
const std::array<AllowedHeader, 5>& allowedHeaders() {
  static const std::array<AllowedHeader, 5> headers{{
      {"Strict-Transport-Security", {}},
      {"X-Content-Type-Options", {"nosniff"}},
      {"X-Frame-Options", {"deny", "sameorigin"}},
      {"X-XSS-Protection", {}},
      {"Content-Security-Policy", {}},
  }};
  return headers;
}

void readHttp(const Reader& reader, const Entry& section, WebConfig& config) {
  if (!isSection(reader, section)) return;
  for (const Entry& entry : entriesOf(reader, section.value, section.key, {"http2", "headers"})) {
    if (entry.name == "http2") {
      boolean(reader, entry);  // memwatchd speaks HTTP/1.1 only, which every scraper speaks.
      continue;
    }
    if (!isSection(reader, entry)) continue;
    std::vector<std::string> seen;
    for (const auto& item : entry.value) {
      std::string name = item.first.IsScalar() ? item.first.Scalar() : "";
      auto allowed = std::find_if(allowedHeaders().begin(), allowedHeaders().end(),
                                  [&](const AllowedHeader& header) { return header.name == name; });
      if (allowed == allowedHeaders().end()) {
        reader.refuse(item.first.Mark(), entry.key + "." + name,
                      "this header cannot be configured (exporter-toolkit allows "
                      "Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, "
                      "X-XSS-Protection, Content-Security-Policy)");
      }
      Entry header{entry.key + "." + name, name, item.first, item.second};
      std::string value = text(reader, header);
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        reader.refuse(item.first.Mark(), header.key, "given again");
      }
      seen.push_back(name);
      if (!allowed->values.empty() && std::find(allowed->values.begin(), allowed->values.end(),
                                                value) == allowed->values.end()) {
        std::string expected;
        for (std::string_view one : allowed->values) {
          expected += expected.empty() ? "" : ", ";
          expected += one;
        }
        reader.refuse(item.first.Mark(), header.key,
                      "'" + value + "' is not one of the values allowed: " + expected);
      }
      if (std::any_of(value.begin(), value.end(),
                      [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; })) {
        reader.refuse(item.first.Mark(), header.key, "control characters in a header value");
      }
      // "Unset if blank", as exporter-toolkit documents.
      if (!value.empty()) config.headers.emplace_back(name, value);
    }
  }
}

// What golang.org/x/crypto/bcrypt accepts and libcrypt verifies: $2a$, $2b$ or $2y$, a
// two-digit cost from 4 to 31, then 22 characters of salt and 31 of hash in bcrypt's base64.
bool isBcryptHash(std::string_view hash) {
  if (hash.size() != 60 || !hash.starts_with("$2") || hash[3] != '$' || hash[6] != '$') {
    return false;
  }
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return false;
  if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') return false;
  int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < 4 || cost > 31) return false;
  return std::all_of(hash.begin() + 7, hash.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '/';
  });
}

void readUsers(const Reader& reader, const Entry& section, WebConfig& config) {
  if (!isSection(reader, section)) return;
  for (const auto& item : section.value) {
    if (!item.first.IsScalar()) {
      reader.refuse(item.first.Mark(), section.key, "user names must be plain names");
    }
    std::string user = item.first.Scalar();
    Entry entry{section.key + "." + user, user, item.first, item.second};
    if (config.basicAuthUsers.contains(user)) {
      reader.refuse(item.first.Mark(), entry.key, "user given again");
    }
    if (user.find(':') != std::string::npos) {
      reader.refuse(item.first.Mark(), entry.key,
                    "a user name with ':' can never log in with Basic auth");
    }
    std::string hash = text(reader, entry);
    if (!isBcryptHash(hash)) {
      reader.refuse(item.first.Mark(), entry.key,
                    "not a bcrypt hash ($2y$, $2b$ or $2a$, e.g. from htpasswd -nBC 10 \"\")");
    }
    config.basicAuthUsers.emplace(std::move(user), std::move(hash));
  }
}

Expected<WebConfig> parseWithPlaces(std::string_view yaml, const std::string& path,
                                    FilePlaces& places) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return Error{.message =
                     path + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg};
  }
  WebConfig config;
  config.path = path;
  if (root.IsNull()) return config;  // An empty file: no TLS, no auth, as exporter-toolkit.
  Reader reader{path};
  try {
    if (!root.IsMap()) reader.refuse(root.Mark(), "web config", "expected a mapping of keys");
    for (const Entry& entry :
         entriesOf(reader, root, "",
                   {"tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"})) {
      if (entry.name == "tls_server_config") {
        config.tls = readTls(reader, entry, places);
      } else if (entry.name == "http_server_config") {
        readHttp(reader, entry, config);
      } else if (entry.name == "basic_auth_users") {
        readUsers(reader, entry, config);
      }
      // rate_limit reaches here only empty: entriesOf() refused the rest.
    }
  } catch (const Refusal& refusal) {
    return refusal.error;
  } catch (const YAML::Exception& e) {
    return Error{.message = reader.where(e.mark) + ": " + e.msg};
  }
  return config;
}

// The certificate and key as GnuTLS will load them for the server: parsed, matching, and the
// client CA holding at least one certificate; the priority string accepted.
}  // namespace

Expected<WebConfig> parseWebConfig(std::string_view yaml, const std::string& path) {
  FilePlaces places;
  return parseWithPlaces(yaml, path, places);
}

Expected<WebConfig> loadWebConfig(const std::string& path) {
  Expected<std::string> text = readWholeFile(path);
  if (!text) return Error{.message = "web config: " + text.error().message};
  FilePlaces places;
  Expected<WebConfig> parsed = parseWithPlaces(text.value(), path, places);
  if (!parsed || !parsed.value().tls) return parsed;
  WebConfig config = std::move(parsed).value();
  TlsSettings& tls = *config.tls;
  auto where = [&](const KeyPlace& place, std::string_view key) {
    return path + ":" + std::to_string(place.mark.line + 1) + ": tls_server_config." +
           std::string(key) + ": ";
  };
  struct FileToRead {
    const std::string& file;
    std::string& pem;
    const KeyPlace& place;
    std::string_view key;
  };
  for (const FileToRead& wanted :
       {FileToRead{tls.certFile, tls.certPem, places.cert, "cert_file"},
        FileToRead{tls.keyFile, tls.keyPem, places.key, "key_file"},
        FileToRead{tls.clientCaFile, tls.clientCaPem, places.clientCa, "client_ca_file"}}) {
    if (wanted.file.empty()) continue;
    Expected<std::string> pem = readWholeFile(wanted.file);
    if (!pem) return Error{.message = where(wanted.place, wanted.key) + pem.error().message};
    wanted.pem = std::move(pem).value();
  }
  if (std::optional<GnutlsProblem> problem = checkWithGnutls(tls)) {
    // At the key that named the file, or at tls_server_config for what was given inline; the
    // priorities come from the versions and curve_preferences together.
    const KeyPlace inlined{.given = true, .mark = places.section};
    auto at = [&](const KeyPlace& file, std::string_view fileKey, std::string_view inlineKey) {
      return file.given ? where(file, fileKey) : where(inlined, inlineKey);
    };
    std::string prefix;
    switch (problem->part) {
      case TlsPart::Certificate:
        prefix = at(places.cert, "cert_file", "cert");
        break;
      case TlsPart::Key:
        prefix = at(places.key, "key_file", "key");
        break;
      case TlsPart::ClientCa:
        prefix = at(places.clientCa, "client_ca_file", "client_ca");
        break;
      case TlsPart::Priorities:
        prefix = where(inlined, "min_version, max_version or curve_preferences");
        break;
    }
    return Error{.message = prefix + problem->why};
  }
  return config;
}

}  // namespace memwatch
