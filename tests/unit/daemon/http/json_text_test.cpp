#include "daemon/http/json_text.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(JsonText, EscapesQuotesControlAndBytesThatAreNotUtf8) {
  std::string out;
  {
    JsonObject object(out);
    object.string("comm", "a\"b\\c\n\x01\x7f\xff");
    object.number("pid", 42);
    object.null("uid");
  }
  EXPECT_EQ(out,
            "{\"comm\":\"a\\\"b\\\\c\\u000a\\u0001\\u007f\xef\xbf\xbd\",\"pid\":42,\"uid\":null}");
}

TEST(JsonText, KeepsWellFormedUtf8AsItIs) {
  std::string out;
  appendJsonString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", out);
  EXPECT_EQ(out, "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"");
}

}  // namespace
}  // namespace memwatch
