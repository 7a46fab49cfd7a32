#pragma once

// memwatchd's own log: spdlog to stderr, and the log levels.

#include <spdlog/common.h>

#include <optional>
#include <string_view>

namespace memwatch {

// spdlog to stderr, which systemd forwards to the journal.
void setupLogging();
std::optional<spdlog::level::level_enum> parseLogLevel(std::string_view name);

}  // namespace memwatch
