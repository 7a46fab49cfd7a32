// Tests of the HTTP server's pure parts: --web.max-requests (InFlightLimit) and the mapping of
// client_auth_type to what the TLS handshake asks and checks.
#include <gtest/gtest.h>

#include "daemon/http/client_cert_policy.h"
#include "daemon/http/in_flight_limit.h"

namespace memwatch {
namespace {

TEST(InFlightLimit, AdmitsUpToItsLimitAndAgainAfterARelease) {
  InFlightLimit limit(2);
  EXPECT_TRUE(limit.tryAcquire());
  EXPECT_TRUE(limit.tryAcquire());
  EXPECT_FALSE(limit.tryAcquire());
  EXPECT_FALSE(limit.tryAcquire());  // a refusal holds nothing
  limit.release();
  EXPECT_TRUE(limit.tryAcquire());
  EXPECT_FALSE(limit.tryAcquire());
}

TEST(InFlightLimit, ZeroIsNoLimit) {
  InFlightLimit limit(0);
  for (int i = 0; i < 10000; ++i) ASSERT_TRUE(limit.tryAcquire());
}

TEST(ClientCertPolicy, FollowsGoCryptoTls) {
  using enum ClientAuthType;
  EXPECT_EQ(clientCertPolicy(NoClientCert).request, ClientCertRequest::Ignore);
  EXPECT_FALSE(clientCertPolicy(NoClientCert).verify);
  EXPECT_EQ(clientCertPolicy(RequestClientCert).request, ClientCertRequest::Request);
  EXPECT_FALSE(clientCertPolicy(RequestClientCert).verify);
  EXPECT_EQ(clientCertPolicy(RequireAnyClientCert).request, ClientCertRequest::Require);
  EXPECT_FALSE(clientCertPolicy(RequireAnyClientCert).verify);
  EXPECT_EQ(clientCertPolicy(VerifyClientCertIfGiven).request, ClientCertRequest::Request);
  EXPECT_TRUE(clientCertPolicy(VerifyClientCertIfGiven).verify);
  EXPECT_EQ(clientCertPolicy(RequireAndVerifyClientCert).request, ClientCertRequest::Require);
  EXPECT_TRUE(clientCertPolicy(RequireAndVerifyClientCert).verify);
}

}  // namespace
}  // namespace memwatch
