// setupLogging() and parseLogLevel(): an spdlog stderr logger with ISO 8601 times, flushed at
// info and above, and the four level names.
#include "daemon/process/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace memwatch {

void setupLogging() {
  auto logger = spdlog::stderr_logger_mt("memwatchd");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  spdlog::set_default_logger(logger);
  spdlog::flush_on(spdlog::level::info);
}

std::optional<spdlog::level::level_enum> parseLogLevel(std::string_view name) {
  if (name == "debug") return spdlog::level::debug;
  if (name == "info") return spdlog::level::info;
  if (name == "warn") return spdlog::level::warn;
  if (name == "error") return spdlog::level::err;
  return std::nullopt;
}

}  // namespace memwatch
