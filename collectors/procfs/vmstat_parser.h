#pragma once

// Parser of /proc/vmstat.

#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"

namespace memwatch {

// `name` points into the parsed text, which must outlive the field: /proc/vmstat has ~200 lines
// and copying every name on every scrape would be most of the parse.
struct VmstatField {
  std::string_view name;
  double value = 0;
};

// "name value" lines of /proc/vmstat, in file order. Errors name the 1-based line.
Expected<std::vector<VmstatField>> parseVmstat(std::string_view text);

}  // namespace memwatch
