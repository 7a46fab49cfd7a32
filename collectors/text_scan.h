#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Small locale-independent scanning helpers shared by the /proc parsers.
namespace memwatch {

// Splits on '\n'; a trailing newline does not produce an empty last line.
std::vector<std::string_view> splitLines(std::string_view text);

// Splits on runs of spaces and tabs, like Go's strings.Fields for the ASCII whitespace /proc uses.
std::vector<std::string_view> splitFields(std::string_view line);

// A decimal integer with an optional leading '-', returned as double the way node_exporter's
// ParseFloat does; rejects "inf", "nan", exponents and anything else from_chars would accept.
std::optional<double> parseDecimalInteger(std::string_view token);

std::optional<std::uint64_t> parseUnsigned(std::string_view token);

// A plain decimal number such as "0.25" (PSI averages); no exponent, sign, inf or nan.
std::optional<double> parseFixedPoint(std::string_view token);

// True for names Prometheus accepts as a metric name suffix: [a-zA-Z0-9_], not empty.
bool isMetricNameSafe(std::string_view name);

// Renders untrusted text for a log line: at most `limit` bytes, control and non-ASCII bytes as
// \xNN.
std::string quoteForLog(std::string_view text, std::size_t limit = 80);

}  // namespace memwatch
