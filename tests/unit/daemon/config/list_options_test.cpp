// Tests of list options: default items, a YAML sequence and repeated flags each replacing the
// list whole, an empty sequence emptying it, and a bad item named with its own line.
#include <gtest/gtest.h>

#include <memory>

#include "daemon/config/command_line.h"
#include "daemon/config/config_file.h"
#include "daemon/config/settings.h"

namespace memwatch {
namespace {

// A table with one list, "sink.url", whose items land in `urls`; "bad" items are refused.
struct ListTable {
  std::shared_ptr<std::vector<std::string>> urls = std::make_shared<std::vector<std::string>>();
  OptionTable table{
      {.key = "sink.url",
       .help = "Where to send.",
       .defaultText = "http://a, http://b",
       .apply = [urls = urls](Settings&, const std::string& v) -> std::optional<std::string> {
         if (v == "bad") return "not a URL";
         urls->push_back(v);
         return std::nullopt;
       },
       .clear = [urls = urls](Settings&) { urls->clear(); }},
      {.key = "log.level",
       .help = "",
       .defaultText = "info",
       .apply = [](Settings&, const std::string&) { return std::optional<std::string>(); }}};
};

using Items = std::vector<std::string>;

TEST(ListOptions, TheDefaultTextHoldsTheDefaultItems) {
  ListTable t;
  ASSERT_TRUE(resolveSettings(t.table, {}, {}));
  EXPECT_EQ(*t.urls, (Items{"http://a", "http://b"}));
}

TEST(ListOptions, ASequenceInTheFileReplacesTheDefaultsAndFlagsReplaceTheFile) {
  ListTable t;
  auto file = parseConfigText("sink:\n  url:\n    - http://c\n    - http://d\n", "m.yml", t.table);
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_EQ(file.value().size(), 2u);
  EXPECT_EQ(file.value()[1].origin, "m.yml:4");
  ASSERT_TRUE(resolveSettings(t.table, file.value(), {}));
  EXPECT_EQ(*t.urls, (Items{"http://c", "http://d"}));

  std::vector<const char*> args = {"memwatchd", "--sink.url", "http://e", "--sink.url=http://f"};
  auto line = parseCommandLine(static_cast<int>(args.size()), args.data(), t.table);
  ASSERT_TRUE(std::holds_alternative<CommandLine>(line));
  Expected<Settings> settings =
      resolveSettings(t.table, file.value(), std::get<CommandLine>(line).flags);
  ASSERT_TRUE(settings);
  EXPECT_EQ(*t.urls, (Items{"http://e", "http://f"}));
  // Only the items in force are recorded, so a reload sees the same list.
  int recorded = 0;
  for (const OptionValue& value : settings.value().values) recorded += value.key == "sink.url";
  EXPECT_EQ(recorded, 2);
}

TEST(ListOptions, AnEmptySequenceEmptiesTheList) {
  ListTable t;
  auto file = parseConfigText("sink: {url: []}\n", "m.yml", t.table);
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_TRUE(resolveSettings(t.table, file.value(), {}));
  EXPECT_TRUE(t.urls->empty());
}

TEST(ListOptions, ABadItemIsNamedWithItsOwnLine) {
  ListTable t;
  auto file = parseConfigText("sink:\n  url:\n    - http://c\n    - bad\n", "m.yml", t.table);
  ASSERT_TRUE(file);
  Expected<Settings> settings = resolveSettings(t.table, file.value(), {});
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().message, "m.yml:4: invalid value 'bad' for sink.url: not a URL");
  auto nested = parseConfigText("sink:\n  url:\n    - [x]\n", "m.yml", t.table);
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().message, "m.yml:3: each item of 'sink.url' must be a single value");
}

TEST(ListOptions, AListGivenTwiceInTheFileIsRefused) {
  ListTable t;
  auto file = parseConfigText("sink.url: [http://a]\nsink:\n  url: http://b\n", "m.yml", t.table);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().message, "m.yml:3: key 'sink.url' given again (first at m.yml:1)");
}

TEST(ListOptions, AScalarIsAListOfOne) {
  ListTable t;
  auto file = parseConfigText("sink.url: http://only\n", "m.yml", t.table);
  ASSERT_TRUE(file);
  ASSERT_TRUE(resolveSettings(t.table, file.value(), {}));
  EXPECT_EQ(*t.urls, (Items{"http://only"}));
}

}  // namespace
}  // namespace memwatch
