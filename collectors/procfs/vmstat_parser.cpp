// parseVmstat(): "name value" lines, names bounded to 64 bytes for std::regex's sake, and
// duplicate names rejected.
#include "collectors/procfs/vmstat_parser.h"

#include <array>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

// The longest field name in Linux 6.x has 36 bytes. The bound matters: libstdc++'s std::regex
// matches recursively, and a name of a few hundred bytes overflowed the small stack of the HTTP
// worker that runs --collector.vmstat.fields over it.
constexpr std::size_t kMaxFieldNameBytes = 64;

}  // namespace

Expected<std::vector<VmstatField>> parseVmstat(std::string_view text) {
  std::vector<VmstatField> fields;
  fields.reserve(256);
  std::vector<NamedLine> names;
  names.reserve(256);
  std::size_t lineNumber = 0;
  for (std::string_view line : splitLines(text)) {
    ++lineNumber;
    std::array<std::string_view, 2> parts;
    std::size_t count = splitFieldsInto(line, parts);
    if (count == 0) continue;
    auto fail = [&](std::string_view why) { return lineError(lineNumber, why, line); };
    if (count != 2) return fail("expected 'name value'");
    if (!isMetricNameSafe(parts[0])) return fail("unusable field name");
    if (parts[0].size() > kMaxFieldNameBytes) return fail("field name longer than 64 bytes");
    std::optional<double> value = parseDecimalInteger(parts[1]);
    if (!value) return fail("value is not an integer");
    names.push_back(NamedLine{parts[0], lineNumber});
    fields.push_back(VmstatField{.name = parts[0], .value = *value});
  }
  if (fields.empty()) return Error{.message = "no fields found"};
  if (std::optional<std::size_t> line = lineOfFirstDuplicate(names)) {
    return Error{.message = "line " + std::to_string(*line) + ": duplicate field"};
  }
  return fields;
}

}  // namespace memwatch
