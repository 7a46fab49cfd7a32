#include "collectors/vmstat_parser.h"

#include <unordered_set>

#include "collectors/text_scan.h"

namespace memwatch {

Expected<std::vector<VmstatField>> parseVmstat(std::string_view text) {
  std::vector<VmstatField> fields;
  std::unordered_set<std::string_view> seen;
  std::size_t lineNumber = 0;
  for (std::string_view line : splitLines(text)) {
    ++lineNumber;
    std::vector<std::string_view> parts = splitFields(line);
    if (parts.empty()) continue;
    auto fail = [&](std::string_view why) {
      return Error{.message = "line " + std::to_string(lineNumber) + ": " + std::string(why) +
                              ": " + quoteForLog(line)};
    };
    if (parts.size() != 2) return fail("expected 'name value'");
    if (!isMetricNameSafe(parts[0])) return fail("unusable field name");
    std::optional<double> value = parseDecimalInteger(parts[1]);
    if (!value) return fail("value is not an integer");
    if (!seen.insert(parts[0]).second) return fail("duplicate field");
    fields.push_back(VmstatField{.name = std::string(parts[0]), .value = *value});
  }
  if (fields.empty()) return Error{.message = "no fields found"};
  return fields;
}

}  // namespace memwatch
