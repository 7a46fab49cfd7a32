// parsePressure(): one "some" and one "full" line at most, each needing avg10, avg60, avg300 and
// total once; averages read as fixed point, unknown keys skipped.
#include "collectors/procfs/pressure_parser.h"

#include <string>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

// Parses "avg10=0.00 avg60=0.00 avg300=0.00 total=123"; every key is required, once.
std::optional<PsiLine> parseLineValues(const std::vector<std::string_view>& parts) {
  PsiLine line;
  unsigned seen = 0;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::string_view part = parts[i];
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = part.substr(0, eq);
    std::string_view value = part.substr(eq + 1);
    double* average = nullptr;
    unsigned bit = 0;
    if (key == "avg10") {
      average = &line.avg10Ratio, bit = 1;
    } else if (key == "avg60") {
      average = &line.avg60Ratio, bit = 2;
    } else if (key == "avg300") {
      average = &line.avg300Ratio, bit = 4;
    } else if (key == "total") {
      bit = 8;
    } else {
      continue;  // A key a future kernel adds is not a reason to drop the known ones.
    }
    if (seen & bit) return std::nullopt;
    seen |= bit;
    if (average) {
      std::optional<double> parsed = parseFixedPoint(value, -2);
      if (!parsed) return std::nullopt;
      *average = *parsed;
    } else {
      std::optional<std::uint64_t> parsed = parseUnsigned(value);
      if (!parsed) return std::nullopt;
      line.totalMicroseconds = *parsed;
    }
  }
  if (seen != 15) return std::nullopt;
  return line;
}

}  // namespace

Expected<PsiStats> parsePressure(std::string_view text) {
  PsiStats stats;
  std::size_t lineNumber = 0;
  for (std::string_view line : splitLines(text)) {
    ++lineNumber;
    std::vector<std::string_view> parts = splitFields(line);
    if (parts.empty()) continue;
    auto fail = [&](std::string_view why) { return lineError(lineNumber, why, line); };
    std::optional<PsiLine>* target = nullptr;
    if (parts[0] == "some") {
      target = &stats.some;
    } else if (parts[0] == "full") {
      target = &stats.full;
    } else {
      return fail("expected a 'some' or 'full' line");
    }
    if (target->has_value()) return fail("duplicate line");
    std::optional<PsiLine> values = parseLineValues(parts);
    if (!values) return fail("expected avg10=, avg60=, avg300= and total=");
    *target = *values;
  }
  if (!stats.some && !stats.full) return Error{.message = "no 'some' or 'full' line"};
  return stats;
}

}  // namespace memwatch
