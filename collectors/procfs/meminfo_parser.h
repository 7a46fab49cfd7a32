#pragma once

// Parser of /proc/meminfo.

#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"

namespace memwatch {

// One /proc/meminfo line, named as node_exporter names it: "Active(anon): 12 kB" becomes
// {"Active_anon_bytes", 12288}; a line without a unit (HugePages_Total) keeps its bare name.
struct MeminfoField {
  std::string name;
  double value = 0;
  std::size_t line = 0;  // 1-based, for error messages
};

// Fields in file order. Errors name the 1-based line.
Expected<std::vector<MeminfoField>> parseMeminfo(std::string_view text);

}  // namespace memwatch
