// /proc/buddyinfo's parser on arbitrary bytes: no crash, no sanitizer report, and what it
// accepts keeps its promises: at most 64 orders, the same number in every zone.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/procfs/buddyinfo_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto zones = memwatch::parseBuddyinfo(text);
  if (!zones || zones.value().empty()) return 0;
  const std::size_t orders = zones.value().front().freeBlocksByOrder.size();
  if (orders > 64) std::abort();
  for (const memwatch::BuddyZone& zone : zones.value()) {
    if (zone.freeBlocksByOrder.size() != orders) std::abort();
  }
  return 0;
}
