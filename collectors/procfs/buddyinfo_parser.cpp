// parseBuddyinfo(): "Node N, zone NAME counts..." lines, rejecting repeated zones, more than 64
// orders and zones whose number of orders differs.
#include "collectors/procfs/buddyinfo_parser.h"

#include "collectors/base/text_scan.h"

namespace memwatch {
namespace {

std::string_view trimComma(std::string_view s) {
  if (!s.empty() && s.back() == ',') s.remove_suffix(1);
  return s;
}

// Linux has at most 11 orders (MAX_ORDER 10) on common configurations and never more than a few
// dozen; the bound keeps a hostile file from making 2^order overflow to infinity.
constexpr std::size_t kMaxOrders = 64;

bool isLabelSafe(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return false;
  }
  return true;
}

}  // namespace

Expected<std::vector<BuddyZone>> parseBuddyinfo(std::string_view text) {
  std::vector<BuddyZone> zones;
  std::size_t lineNumber = 0;
  for (std::string_view line : splitLines(text)) {
    ++lineNumber;
    std::vector<std::string_view> parts = splitFields(line);
    if (parts.empty()) continue;
    auto fail = [&](std::string_view why) { return lineError(lineNumber, why, line); };
    if (parts.size() < 5 || parts[0] != "Node" || trimComma(parts[2]) != "zone") {
      return fail("expected 'Node N, zone NAME counts...'");
    }
    BuddyZone zone;
    zone.node = std::string(trimComma(parts[1]));
    zone.zone = std::string(trimComma(parts[3]));
    if (!parseUnsigned(zone.node) || !isLabelSafe(zone.zone)) return fail("bad node or zone name");
    if (parts.size() - 4 > kMaxOrders) return fail("more than 64 orders");
    for (const BuddyZone& seen : zones) {
      if (seen.node == zone.node && seen.zone == zone.zone) return fail("zone listed twice");
    }
    for (std::size_t i = 4; i < parts.size(); ++i) {
      std::optional<std::uint64_t> count = parseUnsigned(parts[i]);
      if (!count) return fail("free block count is not an unsigned integer");
      zone.freeBlocksByOrder.push_back(*count);
    }
    if (!zones.empty() && zones.front().freeBlocksByOrder.size() != zone.freeBlocksByOrder.size()) {
      return fail("number of orders differs from the first zone's " +
                  std::to_string(zones.front().freeBlocksByOrder.size()));
    }
    zones.push_back(std::move(zone));
  }
  if (zones.empty()) return Error{.message = "no zones found"};
  return zones;
}

}  // namespace memwatch
