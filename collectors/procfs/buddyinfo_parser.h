#pragma once

// Parser of /proc/buddyinfo.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/base/expected.h"

namespace memwatch {

// One "Node 0, zone Normal c0 c1 ..." line: free block counts indexed by order.
struct BuddyZone {
  std::string node;
  std::string zone;
  std::vector<std::uint64_t> freeBlocksByOrder;
};

// Every zone has the same number of orders (the kernel's MAX_ORDER); a ragged line means a
// corrupt or truncated file and is an error, as in node_exporter.
Expected<std::vector<BuddyZone>> parseBuddyinfo(std::string_view text);

}  // namespace memwatch
