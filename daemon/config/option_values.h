#pragma once

// The checks option values share: booleans, durations, paths, whole numbers in a range.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace memwatch {

// "true", "yes", "on", "1" and their opposites, in any case.
std::optional<bool> parseBool(std::string value);

// A duration written as a whole number and a unit, "500ms", "15s", "1m", "1h", or a bare whole
// number of seconds; nothing for anything else (a fraction, a negative number, an overflow).
std::optional<std::chrono::milliseconds> parseDuration(const std::string& value);

// Each returns why `value` is unusable, or sets `target` and returns nothing.
std::optional<std::string> setNonEmptyPath(std::filesystem::path& target, const std::string& value);
std::optional<std::string> setWholeNumber(std::size_t& target, const std::string& value,
                                          std::uint64_t low, std::uint64_t high);
std::optional<std::string> setPositiveRate(double& target, const std::string& value);
// "500ms", "15s", "1m", "1h", or a bare number of seconds, from `low` to `high`.
std::optional<std::string> setDuration(std::chrono::milliseconds& target, const std::string& value,
                                       std::chrono::milliseconds low,
                                       std::chrono::milliseconds high);

}  // namespace memwatch
