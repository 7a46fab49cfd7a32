// parseMeminfo(): "Key: value [kB]" lines, "(x)" renamed "_x" as node_exporter does, kB turned
// into _bytes, and duplicate names rejected.
#include "collectors/procfs/meminfo_parser.h"

#include <array>

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

// node_exporter rewrites "(x)" to "_x": Active(anon) -> Active_anon.
std::string metricNameFromKey(std::string_view key) {
  std::string name;
  name.reserve(key.size());
  for (char c : key) {
    if (c == '(') {
      name += '_';
    } else if (c != ')') {
      name += c;
    }
  }
  return name;
}

}  // namespace

Expected<std::vector<MeminfoField>> parseMeminfo(std::string_view text) {
  std::vector<MeminfoField> fields;
  fields.reserve(64);
  std::size_t lineNumber = 0;
  for (std::string_view line : splitLines(text)) {
    ++lineNumber;
    std::array<std::string_view, 3> parts;
    std::size_t count = splitFieldsInto(line, parts);
    if (count == 0) continue;  // Some old kernels print blank lines.
    if (count != 2 && count != 3) {
      return lineError(lineNumber, "expected 'Key: value [kB]'", line);
    }
    std::string_view key = parts[0];
    if (key.size() < 2 || key.back() != ':') {
      return lineError(lineNumber, "key does not end in ':'", line);
    }
    key.remove_suffix(1);
    std::string name = metricNameFromKey(key);
    if (!isMetricNameSafe(name)) return lineError(lineNumber, "unusable field name", line);

    std::optional<double> value = parseDecimalInteger(parts[1]);
    if (!value) return lineError(lineNumber, "value is not an integer", line);
    if (count == 3) {
      if (parts[2] != "kB") return lineError(lineNumber, "unit is not kB", line);
      *value *= 1024;
      name += "_bytes";
    }
    fields.push_back(MeminfoField{.name = std::move(name), .value = *value, .line = lineNumber});
  }
  if (fields.empty()) return Error{.message = "no fields found"};
  std::vector<NamedLine> names;
  names.reserve(fields.size());
  for (const MeminfoField& field : fields) names.push_back(NamedLine{field.name, field.line});
  if (std::optional<std::size_t> line = lineOfFirstDuplicate(names)) {
    return Error{.message = "line " + std::to_string(*line) + ": duplicate field"};
  }
  return fields;
}

}  // namespace memwatch
