// The shared option value checks: true/yes/on/1 style booleans, durations with a unit, non-empty
// paths, whole numbers within a range and positive rates.
#include "daemon/config/option_values.h"

#include <algorithm>

#include "collectors/base/text_scan.h"

namespace memwatch {

namespace {

// In the largest unit that writes it exactly, as parseDuration reads it.
std::string durationText(std::chrono::milliseconds duration) {
  const auto ms = static_cast<std::uint64_t>(duration.count());
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace

std::optional<bool> parseBool(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> parseDuration(const std::string& value) {
  struct Unit {
    std::string_view suffix;
    std::uint64_t milliseconds;
  };
  // "ms" before "s", so that "500ms" is not read as 500 of a unit "m" followed by junk.
  static constexpr Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  for (const Unit& unit : kUnits) {
    if (value.size() <= unit.suffix.size() || !value.ends_with(unit.suffix)) continue;
    std::optional<std::uint64_t> count =
        parseUnsigned(std::string_view(value).substr(0, value.size() - unit.suffix.size()));
    // The caps keep the product well inside std::chrono::milliseconds' range.
    if (!count || *count > (std::uint64_t{1} << 40) / unit.milliseconds) return std::nullopt;
    return std::chrono::milliseconds(static_cast<std::int64_t>(*count * unit.milliseconds));
  }
  // A bare number is seconds, as --collector.journal.flood-window has always read it.
  std::optional<std::uint64_t> seconds = parseUnsigned(value);
  if (!seconds || *seconds > (std::uint64_t{1} << 40) / 1000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(*seconds * 1000));
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
  std::optional<std::chrono::milliseconds> parsed = parseDuration(value);
  if (!parsed || *parsed < low || *parsed > high) {
    return "must be a duration such as 500ms, 15s, 1m or 1h, from " + durationText(low) + " to " +
           durationText(high);
  }
  target = *parsed;
  return std::nullopt;
}

}  // namespace memwatch
