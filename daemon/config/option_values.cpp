// The shared option value checks: true/yes/on/1 style booleans, non-empty paths, whole numbers
// within a range, positive rates and durations with a unit.
#include "daemon/config/option_values.h"

#include <algorithm>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

// A duration as Go's time.ParseDuration and Prometheus write the usual ones, in milliseconds.
std::optional<std::uint64_t> parseMilliseconds(std::string_view text) {
  struct Unit {
    std::string_view suffix;
    std::uint64_t milliseconds;
  };
  // "ms" before "s" and "m": the longest suffix that matches.
  constexpr Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  std::uint64_t multiplier = 1000;  // a bare number is seconds, as elsewhere in memwatchd
  for (const Unit& unit : kUnits) {
    if (text.ends_with(unit.suffix)) {
      text.remove_suffix(unit.suffix.size());
      multiplier = unit.milliseconds;
      break;
    }
  }
  std::optional<std::uint64_t> value = parseUnsigned(text);
  // Far beyond any bound an option sets, and safe from overflow.
  if (!value || *value > (std::uint64_t{1} << 40)) return std::nullopt;
  return *value * multiplier;
}

std::string durationText(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 != 0) return std::to_string(duration.count()) + "ms";
  return std::to_string(duration.count() / 1000) + "s";
}

}  // namespace

std::optional<bool> parseBool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

std::optional<std::string> setNonEmptyPath(std::filesystem::path& target,
                                           const std::string& value) {
  if (value.empty()) return "must not be empty";
  target = value;
  return std::nullopt;
}

std::optional<std::string> setWholeNumber(std::size_t& target, const std::string& value,
                                          std::uint64_t low, std::uint64_t high) {
  std::optional<std::uint64_t> parsed = parseUnsigned(value);
  if (!parsed || *parsed < low || *parsed > high) {
    return "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high);
  }
  target = *parsed;
  return std::nullopt;
}

std::optional<std::string> setPositiveRate(double& target, const std::string& value) {
  std::optional<std::uint64_t> parsed = parseUnsigned(value);
  if (!parsed || *parsed == 0) return "must be a positive whole number";
  target = static_cast<double>(*parsed);
  return std::nullopt;
}

std::optional<std::string> setDuration(std::chrono::milliseconds& target, const std::string& value,
                                       std::chrono::milliseconds low,
                                       std::chrono::milliseconds high) {
  std::optional<std::uint64_t> parsed = parseMilliseconds(trimWhitespace(value));
  if (!parsed || *parsed < static_cast<std::uint64_t>(low.count()) ||
      *parsed > static_cast<std::uint64_t>(high.count())) {
    return "must be a duration such as 500ms, 15s or 1m, from " + durationText(low) + " to " +
           durationText(high);
  }
  target = std::chrono::milliseconds(*parsed);
  return std::nullopt;
}

}  // namespace memwatch
