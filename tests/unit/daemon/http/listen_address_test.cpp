// Tests of parseListenAddress() and bindCandidates(): node_exporter's address forms, what cannot
// be bound, and the socket addresses (dual stack for a wildcard) each form becomes.
#include "daemon/http/listen_address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace memwatch {
namespace {

std::string ipOf(const SocketAddress& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.family() == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&address.storage)->sin6_addr, text,
              sizeof text);
  } else {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&address.storage)->sin_addr, text,
              sizeof text);
  }
  return text;
}

int portOf(const SocketAddress& address) {
  return address.family() == AF_INET6
             ? ntohs(reinterpret_cast<const sockaddr_in6*>(&address.storage)->sin6_port)
             : ntohs(reinterpret_cast<const sockaddr_in*>(&address.storage)->sin_port);
}

TEST(ListenAddress, ParsesNodeExporterForms) {
  auto all = parseListenAddress(":12100");
  ASSERT_TRUE(all);
  EXPECT_EQ(all.value().port, 12100);
  EXPECT_EQ(all.value().host, "");
  EXPECT_EQ(all.value().text(), ":12100");

  auto loopback = parseListenAddress("127.0.0.1:0");
  ASSERT_TRUE(loopback);
  EXPECT_EQ(loopback.value().text(), "127.0.0.1:0");

  auto v6 = parseListenAddress("[::1]:9100");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6.value().host, "[::1]");
  EXPECT_EQ(v6.value().text(), "[::1]:9100");
}

TEST(ListenAddress, RejectsWhatCannotBeBound) {
  for (const char* bad : {"12100", ":", ":65536", ":-1", "localhost:12100", "[::1:9100",
                          "[nonsense]:1", "1.2.3:80", "::1:9100"}) {
    EXPECT_FALSE(parseListenAddress(bad)) << bad;
  }
}

TEST(ListenAddress, AnEmptyHostIsTheIpv6WildcardDualStackThenTheIpv4One) {
  std::vector<SocketAddress> candidates = bindCandidates(parseListenAddress(":12100").value());
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].family(), AF_INET6);
  EXPECT_EQ(ipOf(candidates[0]), "::");
  EXPECT_TRUE(candidates[0].dualStack);
  EXPECT_EQ(portOf(candidates[0]), 12100);
  EXPECT_EQ(candidates[0].length, sizeof(sockaddr_in6));
  EXPECT_EQ(candidates[1].family(), AF_INET);
  EXPECT_EQ(ipOf(candidates[1]), "0.0.0.0");
  EXPECT_EQ(portOf(candidates[1]), 12100);
  EXPECT_EQ(candidates[1].length, sizeof(sockaddr_in));
}

TEST(ListenAddress, AHostIsBoundAsWritten) {
  std::vector<SocketAddress> v4 = bindCandidates(parseListenAddress("127.0.0.1:9").value());
  ASSERT_EQ(v4.size(), 1u);
  EXPECT_EQ(v4[0].family(), AF_INET);
  EXPECT_EQ(ipOf(v4[0]), "127.0.0.1");
  EXPECT_EQ(portOf(v4[0]), 9);

  std::vector<SocketAddress> v6 = bindCandidates(parseListenAddress("[::1]:9").value());
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0].family(), AF_INET6);
  EXPECT_EQ(ipOf(v6[0]), "::1");
  EXPECT_FALSE(v6[0].dualStack);
}

TEST(ListenAddress, TheIpv6WildcardWrittenOutIsDualStackToo) {
  std::vector<SocketAddress> any = bindCandidates(parseListenAddress("[::]:9").value());
  ASSERT_EQ(any.size(), 1u);
  EXPECT_TRUE(any[0].dualStack);
}

}  // namespace
}  // namespace memwatch
