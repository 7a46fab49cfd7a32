// memwatchd's entry point: flags, configuration, logging, then the daemon until it stops.
#include <malloc.h>
#include <spdlog/spdlog.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cstdlib>

#include "daemon/config/command_line.h"
#include "daemon/process/daemon.h"
#include "daemon/process/logging.h"
#include "daemon/process/option_table.h"

namespace {

// A scrape allocates a few hundred small objects of a handful of sizes and frees them all at the
// end. glibc's per-thread cache keeps only 7 free chunks per size, so most of them went through
// the slower bins: a cache of 200 per size cut the CPU of a scrape by about 12 % at no cost in
// RSS (tests/bench/scrape_cost.py). The cache size is a tunable that glibc reads only at start,
// from the environment, so memwatchd sets it and executes itself once more. A GLIBC_TUNABLES the
// operator set is left as it is.
constexpr const char* kMallocTunables = "glibc.malloc.tcache_count=200";

void startAgainWithMallocTunables(char** argv) {
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  // In secure-execution mode (setuid, file capabilities) glibc may drop GLIBC_TUNABLES, which
  // would make every start execute again.
  if (getauxval(AT_SECURE) != 0) return;
  if (setenv("GLIBC_TUNABLES", kMallocTunables, 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");  // exec failed (no /proc?): carry on with glibc's defaults
}

}  // namespace

int main(int argc, char** argv) {
  using namespace memwatch;
  startAgainWithMallocTunables(argv);
  // One malloc arena for all threads: scrapes are seconds apart, so the HTTP workers rarely
  // allocate at the same moment, and an arena per worker would only add resident pages (about
  // 200 KiB each) to a daemon meant to be small.
  mallopt(M_ARENA_MAX, 1);
  std::variant<CommandLine, int> parsed = parseCommandLine(argc, argv, optionTable());
  if (const int* exitCode = std::get_if<int>(&parsed)) return *exitCode;
  CommandLine commandLine = std::get<CommandLine>(std::move(parsed));

  setupLogging();
  Expected<Settings> settings =
      loadSettings(optionTable(), commandLine.configFile, commandLine.flags);
  if (!settings) {
    spdlog::critical("{}", settings.error().message);
    return 2;
  }
  spdlog::set_level(*parseLogLevel(settings.value().logLevel));

  Daemon daemon(std::move(commandLine), std::move(settings).value());
  return daemon.run();
}
