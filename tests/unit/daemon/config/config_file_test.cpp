// Tests of the config file: nested keys, flags winning, unknown, repeated or bad keys named with
// file and line, malformed YAML, empty and missing files.
#include "daemon/config/config_file.h"

#include <gtest/gtest.h>

#include "daemon/process/option_table.h"

namespace memwatch {
namespace {

TEST(ConfigFile, NestedKeysSpellTheFlags) {
  auto values = parseConfigText(
      "web:\n"
      "  listen-address: 127.0.0.1:9999\n"
      "collector:\n"
      "  pressure: false\n"
      "  vmstat:\n"
      "    enabled: true\n"
      "    fields: ^pg\n"
      "log.level: debug\n",
      "test.yml", optionTable());
  ASSERT_TRUE(values) << values.error().message;
  auto settings = resolveSettings(optionTable(), values.value(), {});
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings.value().listenAddress, "127.0.0.1:9999");
  EXPECT_EQ(settings.value().logLevel, "debug");
  EXPECT_EQ(settings.value().vmstatFields.expression, "^pg");
  EXPECT_FALSE(settings.value().enabled.at("pressure"));
  EXPECT_TRUE(settings.value().enabled.at("vmstat"));
  EXPECT_EQ(values.value()[0].origin, "test.yml:2");
}

TEST(ConfigFile, FlagsWinOverTheFile) {
  auto values = parseConfigText("web: {listen-address: '127.0.0.1:1'}\n", "f.yml", optionTable());
  ASSERT_TRUE(values);
  auto settings = resolveSettings(optionTable(), values.value(),
                                  {{"web.listen-address", "127.0.0.1:2", "flag"}});
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings.value().listenAddress, "127.0.0.1:2");
}

TEST(ConfigFile, UnknownKeyNamesFileLineAndKey) {
  auto values = parseConfigText("web:\n  listen-address: :1\n  listen-adress: :2\n", "/etc/m.yml",
                                optionTable());
  ASSERT_FALSE(values);
  EXPECT_EQ(values.error().message, "/etc/m.yml:3: unknown key 'web.listen-adress'");
}

// Found by tests/fuzz/config_file_fuzzer (regressions/config_file/recursive-alias.yml): a
// mapping holding an alias of itself nested without end and overflowed the stack.
TEST(ConfigFile, MappingThatAliasesItselfIsRefused) {
  auto values = parseConfigText("web: &x {c: *x}\n", "m.yml", optionTable());
  ASSERT_FALSE(values);
  EXPECT_EQ(values.error().message, "m.yml:1: 'web.c.c.c.c.c.c.c.c...' is nested too deep");
}

TEST(ConfigFile, KeyGivenTwiceIsRefused) {
  auto spelledTwice = parseConfigText(
      "collector:\n  meminfo:\n    enabled: false\n  meminfo: true\n", "m.yml", optionTable());
  ASSERT_FALSE(spelledTwice);
  EXPECT_EQ(spelledTwice.error().message,
            "m.yml:4: key 'collector.meminfo' given again (first at m.yml:3)");
  auto sectionTwice = parseConfigText(
      "web:\n  listen-address: ':1'\nweb:\n  listen-address: ':2'\n", "m.yml", optionTable());
  ASSERT_FALSE(sectionTwice);
  EXPECT_NE(sectionTwice.error().message.find("m.yml:4: key 'web.listen-address' given again"),
            std::string::npos)
      << sectionTwice.error().message;
}

TEST(ConfigFile, BadValueNamesFileLineAndKey) {
  auto values = parseConfigText("\ncollector:\n  meminfo: maybe\n", "m.yml", optionTable());
  ASSERT_TRUE(values);
  auto settings = resolveSettings(optionTable(), values.value(), {});
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().message,
            "m.yml:3: invalid value 'maybe' for collector.meminfo: must be true or false");
}

TEST(ConfigFile, RejectsSyntaxErrorsListsAndNonMappings) {
  auto syntax = parseConfigText("web: [unclosed\n", "s.yml", optionTable());
  ASSERT_FALSE(syntax);
  EXPECT_NE(syntax.error().message.find("s.yml:"), std::string::npos);
  EXPECT_NE(syntax.error().message.find("invalid YAML"), std::string::npos);

  auto list = parseConfigText("web:\n  listen-address: [a, b]\n", "l.yml", optionTable());
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().message, "l.yml:2: key 'web.listen-address' needs a single value");

  EXPECT_FALSE(parseConfigText("- a\n- b\n", "n.yml", optionTable()));
}

TEST(ConfigFile, EmptyFileConfiguresNothing) {
  auto values = parseConfigText("# only a comment\n", "e.yml", optionTable());
  ASSERT_TRUE(values);
  EXPECT_TRUE(values.value().empty());
}

TEST(ConfigFile, InvalidRegexIsRefused) {
  auto settings = resolveSettings(optionTable(), {{"collector.vmstat.fields", "(", "x.yml:1"}}, {});
  ASSERT_FALSE(settings);
  EXPECT_NE(settings.error().message.find("x.yml:1: invalid value '(' for collector.vmstat.fields"),
            std::string::npos);
}

TEST(ConfigFile, MissingFileIsAClearError) {
  auto values = loadConfigFile("/nonexistent/memwatchd.yml", optionTable());
  ASSERT_FALSE(values);
  EXPECT_NE(values.error().message.find("/nonexistent/memwatchd.yml"), std::string::npos);
}

}  // namespace
}  // namespace memwatch
