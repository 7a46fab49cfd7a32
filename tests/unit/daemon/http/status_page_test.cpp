// Tests of the status page: the host's and the operator's text escaped into it, and a
// Content-Security-Policy that names exactly the hashes of the inline style and scripts served
// (hashes computed apart, with Python's hashlib, so that GnuTLS's use is checked too).
#include "daemon/http/status_page.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

std::size_t count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(HtmlEscaped, EscapesWhatEndsTextOrAQuotedAttribute) {
  EXPECT_EQ(htmlEscaped("<img src=x onerror='a(1)'>&\"q\""),
            "&lt;img src=x onerror=&#39;a(1)&#39;&gt;&amp;&quot;q&quot;");
  EXPECT_EQ(htmlEscaped("/metrics"), "/metrics");
}

TEST(StatusPage, FillsThePlaceholdersEscaped) {
  StatusPage page = makeStatusPage("<a href=\"{{telemetry_path}}\">{{version}}</a> {{version}}",
                                   "/x\"><script>", "memwatchd <1>");
  EXPECT_EQ(page.html,
            "<a href=\"/x&quot;&gt;&lt;script&gt;\">memwatchd &lt;1&gt;</a> memwatchd &lt;1&gt;");
}

TEST(StatusPage, ThePolicyNamesTheHashOfEachInlineStyleAndScript) {
  StatusPage page =
      makeStatusPage("<style>p{}</style><script>x()</script><script>y()</script>", "/metrics", "v");
  EXPECT_EQ(page.contentSecurityPolicy,
            "default-src 'none'; "
            "script-src 'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI=' "
            "'sha256-nwG+cZ8J4yZ7RZ4RWxVDwCwkMn9GJelY2VgKXNi2Uvk='; "
            "style-src 'sha256-gG2yISYereRMiG2lMXrbiUgi0Ubw9p7QCeWcroOvy9Y='; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
}

TEST(StatusPage, HashesTheScriptAsServedWithItsPlaceholdersFilled) {
  StatusPage page = makeStatusPage("<script>{{version}}</script>", "/metrics", "x()");
  EXPECT_NE(
      page.contentSecurityPolicy.find("'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"),
      std::string::npos)
      << page.contentSecurityPolicy;
}

TEST(StatusPage, NothingInlineRunsWithoutAnElement) {
  StatusPage page = makeStatusPage("<p>static</p>", "/metrics", "v");
  EXPECT_NE(page.contentSecurityPolicy.find("script-src 'none'; style-src 'none';"),
            std::string::npos)
      << page.contentSecurityPolicy;
}

TEST(StatusPage, TheBuiltInPageKeepsTheTelemetryLinkAndVersionAndAllowsItsOwnCode) {
  StatusPage page = builtInStatusPage("/custom-metrics", "memwatchd 9.9 (revision abc)");
  EXPECT_NE(page.html.find("href=\"/custom-metrics\""), std::string::npos);
  EXPECT_NE(page.html.find("memwatchd 9.9 (revision abc)"), std::string::npos);
  EXPECT_EQ(page.html.find("{{"), std::string::npos) << "a placeholder left unfilled";
  EXPECT_EQ(count(page.contentSecurityPolicy, "'sha256-"), 2u) << page.contentSecurityPolicy;
  // Host text reaches the page as text only: the script never parses markup from data.
  EXPECT_EQ(page.html.find("innerHTML"), std::string::npos);
  EXPECT_EQ(page.html.find("insertAdjacentHTML"), std::string::npos);
}

}  // namespace
}  // namespace memwatch
