// The status page: placeholders filled in, then the policy hashed from the document as served.
#include "daemon/http/status_page.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <array>
#include <stdexcept>
#include <utility>
#include <vector>

#include "daemon/http/status_page_html.h"

namespace memwatch {
namespace {

void replaceAll(std::string& text, std::string_view placeholder, std::string_view value) {
  for (std::size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size())) {
    text.replace(at, placeholder.size(), value);
  }
}

// "'sha256-<base64>'", a CSP hash source for an inline element whose text is `content`.
std::string hashSource(std::string_view content) {
  std::array<unsigned char, 32> digest{};
  if (gnutls_hash_fast(GNUTLS_DIG_SHA256, content.data(), content.size(), digest.data()) < 0) {
    throw std::runtime_error("GnuTLS could not hash the status page");
  }
  const gnutls_datum_t raw{.data = digest.data(), .size = digest.size()};
  gnutls_datum_t encoded{};
  if (gnutls_base64_encode2(&raw, &encoded) < 0) {
    throw std::runtime_error("GnuTLS could not encode the status page's hash");
  }
  std::string source =
      "'sha256-" + std::string(reinterpret_cast<const char*>(encoded.data), encoded.size) + "'";
  gnutls_free(encoded.data);
  return source;
}

// The hash sources of every <tag>...</tag> (written without attributes, as the page does) in
// `html`, or 'none' when there is none.
std::string hashSources(std::string_view html, std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  std::vector<std::string> sources;
  for (std::size_t start = html.find(open); start != std::string_view::npos;
       start = html.find(open, start)) {
    start += open.size();
    const std::size_t end = html.find(close, start);
    if (end == std::string_view::npos) break;
    sources.push_back(hashSource(html.substr(start, end - start)));
    start = end + close.size();
  }
  if (sources.empty()) return "'none'";
  std::string joined;
  for (const std::string& source : sources) joined += (joined.empty() ? "" : " ") + source;
  return joined;
}

}  // namespace

std::string htmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

StatusPage makeStatusPage(std::string_view document, std::string_view telemetryPath,
                          std::string_view version) {
  std::string html(document);
  replaceAll(html, "{{telemetry_path}}", htmlEscaped(telemetryPath));
  replaceAll(html, "{{version}}", htmlEscaped(version));
  // connect-src 'self': the fetches of the telemetry path and /api/v1; everything else, images
  // and frames and forms and <base> included, is refused.
  std::string policy = "default-src 'none'; script-src " + hashSources(html, "script") +
                       "; style-src " + hashSources(html, "style") +
                       "; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                       "frame-ancestors 'none'";
  return {.html = std::move(html), .contentSecurityPolicy = std::move(policy)};
}

StatusPage builtInStatusPage(std::string_view telemetryPath, std::string_view version) {
  return makeStatusPage(kStatusPageHtml, telemetryPath, version);
}

}  // namespace memwatch
