#pragma once

// The status page at "/": one HTML document (daemon/http/status_page.html, embedded at build
// time) whose inline style and script draw what memwatchd holds, read from the telemetry path
// and the /api/v1 routes by same-origin fetches. It is served with a Content-Security-Policy
// that allows exactly its own inline style and script (by their SHA-256) and requests to its
// own origin: nothing else can run or load, even if a host's text got into the markup.

#include <string>
#include <string_view>

namespace memwatch {

struct StatusPage {
  std::string html;
  std::string contentSecurityPolicy;
};

// The page made of `document`, its {{telemetry_path}} and {{version}} replaced by those texts
// HTML-escaped; the policy names the hash of every <style> and <script> element's text as served.
StatusPage makeStatusPage(std::string_view document, std::string_view telemetryPath,
                          std::string_view version);

// The page memwatchd serves: makeStatusPage() of the embedded status_page.html.
StatusPage builtInStatusPage(std::string_view telemetryPath, std::string_view version);

// `text` with & < > " ' as character references, for an element's text or a quoted attribute.
std::string htmlEscaped(std::string_view text);

}  // namespace memwatch
