// Tests of parseCommandLine(): only the flags given recorded, exit codes for unknown flags, help
// and version, and every option usable as a flag.
#include "daemon/config/command_line.h"

#include <gtest/gtest.h>

#include "daemon/process/option_table.h"

namespace memwatch {
namespace {

std::variant<CommandLine, int> parse(std::vector<const char*> args) {
  args.insert(args.begin(), "memwatchd");
  return parseCommandLine(static_cast<int>(args.size()), args.data(), optionTable());
}

TEST(CommandLine, RecordsOnlyTheFlagsGiven) {
  auto parsed = parse({"--web.listen-address=127.0.0.1:1", "--no-collector.vmstat",
                       "--collector.pressure", "--config.file", "/etc/m.yml"});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed));
  const CommandLine& line = std::get<CommandLine>(parsed);
  ASSERT_TRUE(line.configFile);
  EXPECT_EQ(*line.configFile, "/etc/m.yml");
  ASSERT_EQ(line.flags.size(), 3u);
  EXPECT_EQ(line.flags[0].key, "web.listen-address");
  EXPECT_EQ(line.flags[0].value, "127.0.0.1:1");
  EXPECT_EQ(line.flags[1].key, "collector.vmstat");
  EXPECT_EQ(line.flags[1].value, "false");
  EXPECT_EQ(line.flags[2].key, "collector.pressure");
  EXPECT_EQ(line.flags[2].value, "true");

  auto settings = resolveSettings(optionTable(), {}, line.flags);
  ASSERT_TRUE(settings);
  EXPECT_FALSE(settings.value().enabled.at("vmstat"));
}

TEST(CommandLine, UnknownFlagExitsWithTwo) {
  testing::internal::CaptureStderr();
  auto parsed = parse({"--web.listen-adress=:1"});
  std::string err = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(std::holds_alternative<int>(parsed));
  EXPECT_EQ(std::get<int>(parsed), 2);
  EXPECT_NE(err.find("--web.listen-adress"), std::string::npos) << err;
}

TEST(CommandLine, HelpAndVersionExitWithZero) {
  testing::internal::CaptureStdout();
  auto help = parse({"--help"});
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(std::get<int>(help), 0);
  EXPECT_NE(out.find("--web.listen-address"), std::string::npos);
  EXPECT_NE(out.find("--no-collector.buddyinfo"), std::string::npos);

  testing::internal::CaptureStdout();
  auto version = parse({"--version"});
  out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(std::get<int>(version), 0);
  EXPECT_NE(out.find("memwatchd "), std::string::npos);
}

TEST(CommandLine, EveryOptionIsAFlag) {
  for (const OptionSpec& spec : optionTable()) {
    // CLI11 refuses "--key=" with nothing after it; an empty default is the option's absence.
    if (spec.defaultText.empty()) continue;
    // A list's default holds its items separated by ", ": one flag each.
    std::vector<std::string> flags;
    std::string_view items = spec.defaultText;
    while (spec.isList() && items.find(", ") != std::string_view::npos) {
      flags.push_back("--" + spec.key + "=" + std::string(items.substr(0, items.find(", "))));
      items.remove_prefix(items.find(", ") + 2);
    }
    flags.push_back("--" + spec.key + "=" + std::string(items));
    std::vector<const char*> args;
    for (const std::string& flag : flags) args.push_back(flag.c_str());
    auto parsed = parse(args);
    ASSERT_TRUE(std::holds_alternative<CommandLine>(parsed)) << flags.back();
    auto settings = resolveSettings(optionTable(), {}, std::get<CommandLine>(parsed).flags);
    EXPECT_TRUE(settings) << flags.back() << ": " << settings.error().message;
  }
}

}  // namespace
}  // namespace memwatch
