#include "daemon/json_text.h"

#include <gtest/gtest.h>

namespace memwatch {
namespace {

TEST(JsonText, EscapesQuotesControlAndNonAsciiBytes) {
  std::string out;
  {
    JsonObject object(out);
    object.string("comm", "a\"b\\c\n\x01\xff");
    object.number("pid", 42);
    object.null("uid");
  }
  EXPECT_EQ(out, R"({"comm":"a\"b\\c\u000a\u0001\u00ff","pid":42,"uid":null})");
}

}  // namespace
}  // namespace memwatch
