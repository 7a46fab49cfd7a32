// JournalSettings: flood policy by fnmatch globs (ignored first, then overrides), and parsers of
// window lengths, glob lists and GLOB=ENTRIES/BYTES overrides.
#include "collectors/journal/journal_settings.h"

#include <fnmatch.h>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

bool matches(const std::string& pattern, std::string_view producer) {
  return fnmatch(pattern.c_str(), std::string(producer).c_str(), 0) == 0;
}

}  // namespace

FloodPolicy JournalSettings::policyFor(std::string_view producer) const {
  for (const std::string& pattern : ignored) {
    if (matches(pattern, producer)) return FloodPolicy{.thresholds = thresholds, .ignored = true};
  }
  for (const FloodOverride& override : overrides) {
    if (matches(override.pattern, producer)) {
      return FloodPolicy{.thresholds = override.thresholds, .ignored = false};
    }
  }
  return FloodPolicy{.thresholds = thresholds, .ignored = false};
}

std::optional<int> parseWindowSeconds(std::string_view text) {
  text = trimWhitespace(text);
  int multiplier = 1;
  if (text.ends_with("s")) {
    text.remove_suffix(1);
  } else if (text.ends_with("m")) {
    text.remove_suffix(1);
    multiplier = 60;
  }
  std::optional<std::uint64_t> value = parseUnsigned(text);
  if (!value || *value == 0 || *value * multiplier > FloodDetector::kMaxWindowSeconds) {
    return std::nullopt;
  }
  return static_cast<int>(*value) * multiplier;
}

std::vector<std::string> parseGlobList(std::string_view text) {
  std::vector<std::string> globs;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view glob = trimWhitespace(text.substr(0, comma));
    if (!glob.empty()) globs.emplace_back(glob);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return globs;
}

Expected<std::vector<FloodOverride>> parseFloodOverrides(std::string_view text) {
  std::vector<FloodOverride> overrides;
  for (const std::string& item : parseGlobList(text)) {
    const std::size_t equals = item.rfind('=');
    const std::size_t slash = item.rfind('/');
    if (equals == std::string::npos || slash == std::string::npos || slash < equals ||
        equals == 0) {
      return Error{.message =
                       "expected GLOB=ENTRIES_PER_SECOND/BYTES_PER_SECOND, got '" + item + "'"};
    }
    std::optional<std::uint64_t> entries = parseUnsigned(
        trimWhitespace(std::string_view(item).substr(equals + 1, slash - equals - 1)));
    std::optional<std::uint64_t> bytes =
        parseUnsigned(trimWhitespace(std::string_view(item).substr(slash + 1)));
    if (!entries || !bytes) {
      return Error{.message = "thresholds must be whole numbers in '" + item + "'"};
    }
    overrides.push_back(FloodOverride{
        .pattern = std::string(trimWhitespace(std::string_view(item).substr(0, equals))),
        .thresholds = {.entriesPerSecond = static_cast<double>(*entries),
                       .bytesPerSecond = static_cast<double>(*bytes)}});
  }
  return overrides;
}

}  // namespace memwatch
