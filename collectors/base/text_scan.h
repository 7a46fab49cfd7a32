#pragma once

// Small locale-independent scanning of kernel text: lines, fields, numbers, names, log quoting.

#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"

namespace memwatch {

// Splits on `delimiter`; a trailing delimiter does not produce an empty last item.
std::vector<std::string_view> splitOn(std::string_view text, char delimiter);

// Splits on '\n'; a trailing newline does not produce an empty last line.
inline std::vector<std::string_view> splitLines(std::string_view text) {
  return splitOn(text, '\n');
}

// Splits on runs of spaces and tabs, like Go's strings.Fields for the ASCII whitespace /proc uses.
std::vector<std::string_view> splitFields(std::string_view line);

// The same without allocating, for the per-line hot paths: stores the first out.size() fields and
// returns how many there are in all, so callers can tell "too many" from "just enough".
std::size_t splitFieldsInto(std::string_view line, std::span<std::string_view> out);

// A decimal integer with an optional leading '-', returned as double the way node_exporter's
// ParseFloat does; rejects "inf", "nan", exponents and anything else from_chars would accept.
std::optional<double> parseDecimalInteger(std::string_view token);

// The whole token as an integer of type Integer, with a leading '-' for signed types; nothing
// else (no '+', no blanks, no trailing text), and nothing out of the type's range.
template <typename Integer>
std::optional<Integer> parseInteger(std::string_view token) {
  Integer value{};
  auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size()) return std::nullopt;
  return value;
}

// Digits only: no sign, no blanks.
// Removes `prefix` from the front of `text` when `text` starts with it.
inline bool consumePrefix(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text.remove_prefix(prefix.size());
  return true;
}

inline std::optional<std::uint64_t> parseUnsigned(std::string_view token) {
  return parseInteger<std::uint64_t>(token);
}

// Without the whitespace around it: spaces, tabs, carriage returns and newlines, the set
// systemd's own configuration parser strips.
std::string_view trimWhitespace(std::string_view text);

// A plain decimal number such as "0.25" (PSI averages), times 10^decimalExponent; no exponent,
// sign, inf or nan in the text.
std::optional<double> parseFixedPoint(std::string_view token, int decimalExponent = 0);

// A field name and the 1-based line it came from.
struct NamedLine {
  std::string_view name;
  std::size_t line = 0;
};

// The line of the first repeated name (the repeat, not the original), if any. Runs on every
// scrape of meminfo and vmstat, so it allocates nothing for up to kMaxNamesWithoutAllocation
// names (a fixed hash table on the stack) and sorts a copy beyond that.
inline constexpr std::size_t kMaxNamesWithoutAllocation = 512;
std::optional<std::size_t> lineOfFirstDuplicate(std::span<const NamedLine> names);

// True for names Prometheus accepts as a metric name suffix: [a-zA-Z0-9_], not empty.
bool isMetricNameSafe(std::string_view name);

// A parser's error for one line of its file: "line N: why: 'the line, quoted'".
Error lineError(std::size_t lineNumber, std::string_view why, std::string_view line);

// Renders untrusted text for a log line: at most `limit` bytes, control and non-ASCII bytes as
// \xNN.
std::string quoteForLog(std::string_view text, std::size_t limit = 80);

// A log line built from untrusted text (a comm, a cgroup, a journal producer) with its control
// bytes as \xNN: a newline in it must not end the line and forge the next one. Other bytes,
// UTF-8 included, stay as they are.
std::string escapeControlBytes(std::string_view text);

}  // namespace memwatch
