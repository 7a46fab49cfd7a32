// Tests of parseListenAddress(): node_exporter's address forms, and what civetweb cannot bind.
#include "daemon/http/listen_address.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(ListenAddress, ParsesNodeExporterForms) {
  auto all = parseListenAddress(":12100");
  ASSERT_TRUE(all);
  EXPECT_EQ(all.value().port, 12100);
  EXPECT_EQ(all.value().civetwebPorts(), "12100");

  auto loopback = parseListenAddress("127.0.0.1:0");
  ASSERT_TRUE(loopback);
  EXPECT_EQ(loopback.value().civetwebPorts(), "127.0.0.1:0");

  auto v6 = parseListenAddress("[::1]:9100");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6.value().civetwebPorts(), "[::1]:9100");
}

TEST(ListenAddress, RejectsWhatCivetwebCannotBind) {
  for (const char* bad : {"12100", ":", ":65536", ":-1", "localhost:12100", "[::1:9100",
                          "[nonsense]:1", "1.2.3:80"}) {
    EXPECT_FALSE(parseListenAddress(bad)) << bad;
  }
}

}  // namespace
}  // namespace memwatch
