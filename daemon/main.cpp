#include <malloc.h>
#include <spdlog/spdlog.h>

#include "daemon/command_line.h"
#include "daemon/daemon.h"
#include "daemon/logging.h"

int main(int argc, char** argv) {
  using namespace memwatch;
  // One malloc arena for all threads: the two HTTP workers serve one scrape at a time, and a
  // per-thread arena would only add resident pages (about 200 KiB) to a daemon meant to be small.
  mallopt(M_ARENA_MAX, 1);
  std::variant<CommandLine, int> parsed = parseCommandLine(argc, argv);
  if (const int* exitCode = std::get_if<int>(&parsed)) return *exitCode;
  CommandLine commandLine = std::get<CommandLine>(std::move(parsed));

  setupLogging();
  Expected<Settings> settings = loadSettings(commandLine.configFile, commandLine.flags);
  if (!settings) {
    spdlog::critical("{}", settings.error().message);
    return 2;
  }
  spdlog::set_level(*parseLogLevel(settings.value().logLevel));

  Daemon daemon(std::move(commandLine), std::move(settings).value());
  return daemon.run();
}
