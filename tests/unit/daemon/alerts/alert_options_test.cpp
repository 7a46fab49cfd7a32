// Tests of the alerts.* options: URLs and where they are POSTed, the command's checks, the
// durations, and the file, line and key in the errors at start and on reload.
#include "daemon/alerts/alert_options.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "daemon/config/config_file.h"
#include "daemon/config/option_values.h"
#include "daemon/process/option_table.h"

namespace memwatch {
namespace {

using std::chrono::milliseconds;

TEST(AlertOptions, AlertmanagerUrls) {
  for (const char* good :
       {"http://127.0.0.1:9093", "https://am.example.org", "http://am-1.example.org:9093/",
        "http://[::1]:9093", "http://localhost:9093/prefix/api/v2/alerts", "http://a_b"}) {
    EXPECT_EQ(checkAlertmanagerUrl(good), std::nullopt) << good;
  }
  for (const char* bad :
       {"", "127.0.0.1:9093", "ftp://x", "http://", "http://:9093", "http://x:", "http://x:0",
        "http://x:65536", "http://x:port", "http://u:p@x", "http://x/a b", "http://x/?q=1",
        "http://x/#f", "http://[::1", "http://[zz]:1", "http://x$y", "http://x/\n"}) {
    EXPECT_NE(checkAlertmanagerUrl(bad), std::nullopt) << bad;
  }
}

TEST(AlertOptions, AlertsArePostedUnderApiV2UnlessThePathSaysSoAlready) {
  EXPECT_EQ(alertsEndpoint("http://127.0.0.1:9093"), "http://127.0.0.1:9093/api/v2/alerts");
  EXPECT_EQ(alertsEndpoint("http://x:9093/"), "http://x:9093/api/v2/alerts");
  EXPECT_EQ(alertsEndpoint("http://x/am"), "http://x/am/api/v2/alerts");
  EXPECT_EQ(alertsEndpoint("http://x/am/api/v2/alerts"), "http://x/am/api/v2/alerts");
  EXPECT_EQ(alertsEndpoint("http://x/am/api/v2/alerts/"), "http://x/am/api/v2/alerts");
}

TEST(AlertOptions, TheCommandIsAnAbsolutePathToAnExecutableFile) {
  EXPECT_EQ(checkCommand(""), std::nullopt);
  EXPECT_EQ(checkCommand("/bin/true"), std::nullopt);
  EXPECT_NE(checkCommand("true"), std::nullopt);
  EXPECT_NE(checkCommand("bin/true"), std::nullopt);
  EXPECT_NE(checkCommand("/nonexistent/alert"), std::nullopt);
  EXPECT_NE(checkCommand("/tmp"), std::nullopt);
  const std::filesystem::path plain =
      std::filesystem::temp_directory_path() / ("memwatch-plain-" + std::to_string(getpid()));
  std::ofstream(plain) << "#!/bin/sh\n";
  chmod(plain.c_str(), 0644);
  // root may execute a file only when some execute bit is set, so this holds for root too.
  EXPECT_EQ(checkCommand(plain), std::optional<std::string>("not executable by memwatchd"));
  std::filesystem::remove(plain);
}

TEST(AlertOptions, Durations) {
  EXPECT_EQ(parseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(parseDuration("15s"), milliseconds(15000));
  EXPECT_EQ(parseDuration("1m"), milliseconds(60000));
  EXPECT_EQ(parseDuration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(parseDuration("0s"), milliseconds(0));
  EXPECT_EQ(parseDuration("10"), milliseconds(10000));  // seconds
  for (const char* bad : {"", "s", "10x", "1.5s", "-1s", "1d", "1 s", "ms", "99999999999999h"}) {
    EXPECT_EQ(parseDuration(bad), std::nullopt) << bad;
  }
}

TEST(AlertOptions, DefaultsAndValuesInTheFile) {
  Expected<Settings> defaults = resolveSettings(optionTable(), {}, {});
  ASSERT_TRUE(defaults) << defaults.error().message;
  const AlertSettings& a = defaults.value().alerts;
  const AlertSettings plain;
  EXPECT_EQ(a.command, plain.command);
  EXPECT_EQ(a.commandTimeout, plain.commandTimeout);
  EXPECT_EQ(a.commandConcurrency, plain.commandConcurrency);
  EXPECT_EQ(a.resendInterval, plain.resendInterval);
  EXPECT_EQ(a.oomKillHold, plain.oomKillHold);
  EXPECT_EQ(a.pressureHold, plain.pressureHold);
  EXPECT_EQ(a.queue, plain.queue);
  EXPECT_TRUE(a.alertmanagerUrls.empty());
  EXPECT_FALSE(a.instance.empty());  // the host name
  for (const OptionSpec& spec : alertOptions()) EXPECT_FALSE(spec.appliesOnReload) << spec.key;

  auto file = parseConfigText(
      "alerts:\n  alertmanager-url:\n    - http://a:9093\n    - http://b:9093\n"
      "  resend-interval: 10s\n  command: /bin/true\n  instance: web-1\n",
      "m.yml", optionTable());
  ASSERT_TRUE(file) << file.error().message;
  Expected<Settings> settings = resolveSettings(optionTable(), file.value(), {});
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings.value().alerts.alertmanagerUrls,
            (std::vector<std::string>{"http://a:9093", "http://b:9093"}));
  EXPECT_EQ(settings.value().alerts.resendInterval, milliseconds(10000));
  EXPECT_EQ(settings.value().alerts.command, "/bin/true");
  EXPECT_EQ(settings.value().alerts.instance, "web-1");
}

TEST(AlertOptions, ABadUrlOrCommandIsNamedWithFileLineAndKey) {
  auto file = parseConfigText("alerts:\n  alertmanager-url:\n    - http://a:9093\n    - a:9093\n",
                              "m.yml", optionTable());
  ASSERT_TRUE(file);
  Expected<Settings> settings = resolveSettings(optionTable(), file.value(), {});
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().message,
            "m.yml:4: invalid value 'a:9093' for alerts.alertmanager-url: must start with "
            "http:// or https://");
  file = parseConfigText("alerts:\n  command: alert.sh\n", "m.yml", optionTable());
  ASSERT_TRUE(file);
  settings = resolveSettings(optionTable(), file.value(), {});
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().message,
            "m.yml:2: invalid value 'alert.sh' for alerts.command: must be an absolute path (no "
            "shell, no $PATH lookup)");
  file = parseConfigText("alerts:\n  resend-interval: 10ms\n", "m.yml", optionTable());
  ASSERT_TRUE(file);
  settings = resolveSettings(optionTable(), file.value(), {});
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().message,
            "m.yml:2: invalid value '10ms' for alerts.resend-interval: must be a duration such as "
            "500ms, 15s, 1m or 1h, from 100ms to 24h");
}

TEST(AlertOptions, AReloadRefusesABadCommandAndKeepsTheRunningSinks) {
  const std::filesystem::path config =
      std::filesystem::temp_directory_path() / ("memwatch-alerts-" + std::to_string(getpid()));
  std::ofstream(config) << "alerts:\n  command: /bin/true\n";
  Expected<Settings> running = loadSettings(optionTable(), config, {});
  ASSERT_TRUE(running) << running.error().message;
  std::ofstream(config) << "log:\n  level: debug\nalerts:\n  command: /nonexistent/x\n";
  Expected<Settings> reloaded = loadSettings(optionTable(), config, {});
  ASSERT_FALSE(reloaded);
  EXPECT_EQ(reloaded.error().message, config.string() +
                                          ":4: invalid value '/nonexistent/x' for alerts.command: "
                                          "no such file");
  std::ofstream(config) << "alerts:\n  command: /bin/false\n";
  reloaded = loadSettings(optionTable(), config, {});
  ASSERT_TRUE(reloaded);
  std::vector<std::string> unchanged;
  Expected<Settings> next =
      settingsForReload(optionTable(), running.value(), reloaded.value(), unchanged);
  ASSERT_TRUE(next);
  EXPECT_EQ(next.value().alerts.command, "/bin/true");
  EXPECT_EQ(unchanged, (std::vector<std::string>{"alerts.command"}));
  std::filesystem::remove(config);
}

}  // namespace
}  // namespace memwatch
