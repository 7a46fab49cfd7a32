// The shared option value checks: true/yes/on/1 style booleans, non-empty paths, whole numbers
// within a range and positive rates.
#include "daemon/config/option_values.h"

#include <algorithm>

#include "collectors/base/text_scan.h"

namespace memwatch {

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

}  // namespace memwatch
