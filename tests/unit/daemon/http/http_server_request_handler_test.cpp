// Tests of RequestHandler, what the HTTP server answers: exact routes, the status page, 404,
// and basic auth checked (with real bcrypt hashes) before any route.
#include <crypt.h>
#include <gtest/gtest.h>

#include "collectors/base/build_info.h"
#include "daemon/http/exposition_writer.h"
#include "daemon/http/request_handler.h"

namespace memwatch {
namespace {

class OneGauge : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    prometheus::MetricFamily family;
    family.name = "test_gauge";
    family.help = "help";
    family.type = prometheus::MetricType::Gauge;
    prometheus::ClientMetric metric;
    metric.gauge.value = 7;
    family.metric.push_back(metric);
    return {family};
  }
};

RequestHandler handler() {
  return RequestHandler("/metrics", std::make_shared<OneGauge>(),
                        {{.path = "/api/v1/oom-kills", .body = [] { return "[]"; }}});
}

// A bcrypt hash of `password` at the lowest cost, made by libcrypt as htpasswd would.
std::string bcrypt(const char* password) {
  const char* salt = crypt_gensalt("$2b$", 4, nullptr, 0);
  return crypt(password, salt);
}

const BasicAuthVerifier kNoUsers({});

TEST(RequestHandler, ServesTheTelemetryPath) {
  HttpReply reply = handler().handle("/metrics", std::nullopt, kNoUsers);
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.contentType, kTextExpositionContentType);
  EXPECT_NE(reply.body.find("test_gauge 7"), std::string::npos) << reply.body;
}

TEST(RequestHandler, AScrapeBodyHoldsItsSizeNotTheReserve) {
  // The body outlives its in-flight slot until sent: it must not keep 64 KiB for a small scrape.
  HttpReply reply = handler().handle("/metrics", std::nullopt, kNoUsers);
  EXPECT_LT(reply.body.capacity(), reply.body.size() + 64) << reply.body.size();
}

TEST(RequestHandler, ServesJsonRoutesAndTheStatusPage) {
  HttpReply json = handler().handle("/api/v1/oom-kills", std::nullopt, kNoUsers);
  EXPECT_EQ(json.status, 200u);
  EXPECT_EQ(json.contentType, "application/json");
  EXPECT_EQ(json.body, "[]");
  EXPECT_TRUE(json.headers.empty());
  HttpReply status = handler().handle("/", std::nullopt, kNoUsers);
  EXPECT_EQ(status.status, 200u);
  EXPECT_EQ(status.contentType, "text/html; charset=utf-8");
  EXPECT_NE(status.body.find("href=\"/metrics\""), std::string::npos);
  const StatusPage expected = builtInStatusPage("/metrics", versionText());
  EXPECT_EQ(status.body, expected.html);
  ASSERT_EQ(status.headers.size(), 1u);
  EXPECT_EQ(status.headers[0].first, "Content-Security-Policy");
  EXPECT_EQ(status.headers[0].second, expected.contentSecurityPolicy);
}

TEST(RequestHandler, MatchesPathsExactly) {
  for (const char* path :
       {"/metrics/", "/metricsx", "/api/v1", "/api/v1/oom-kills/x", "//", "/nothing"}) {
    HttpReply reply = handler().handle(path, std::nullopt, kNoUsers);
    EXPECT_EQ(reply.status, 404u) << path;
    EXPECT_FALSE(reply.askForCredentials);
  }
}

TEST(RequestHandler, AsksForCredentialsBeforeAnyRoute) {
  const BasicAuthVerifier users({{"prometheus", bcrypt("right")}});
  for (const char* path : {"/metrics", "/", "/nothing"}) {
    HttpReply none = handler().handle(path, std::nullopt, users);
    EXPECT_EQ(none.status, 401u) << path;
    EXPECT_TRUE(none.askForCredentials);
  }
  HttpReply wrong = handler().handle(
      "/metrics", BasicCredentials{.user = "prometheus", .password = "wrong"}, users);
  EXPECT_EQ(wrong.status, 401u);
  HttpReply unknown =
      handler().handle("/metrics", BasicCredentials{.user = "other", .password = "right"}, users);
  EXPECT_EQ(unknown.status, 401u);
  HttpReply right = handler().handle(
      "/metrics", BasicCredentials{.user = "prometheus", .password = "right"}, users);
  EXPECT_EQ(right.status, 200u);
  EXPECT_FALSE(right.askForCredentials);
}

TEST(RequestHandler, TheRefusalsSayWhy) {
  HttpReply notAllowed = RequestHandler::methodNotAllowed();
  EXPECT_EQ(notAllowed.status, 405u);
  HttpReply busy = RequestHandler::tooManyRequests(40);
  EXPECT_EQ(busy.status, 503u);
  EXPECT_NE(busy.body.find("(40)"), std::string::npos);
}

}  // namespace
}  // namespace memwatch
