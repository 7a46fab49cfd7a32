#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collectors/expected.h"

namespace memwatch {

struct VmstatField {
  std::string name;
  double value = 0;
};

// "name value" lines of /proc/vmstat, in file order. Errors name the 1-based line.
Expected<std::vector<VmstatField>> parseVmstat(std::string_view text);

}  // namespace memwatch
