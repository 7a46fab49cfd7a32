// BuddyinfoCollector::collect(): node_buddyinfo_blocks by order, plus free bytes, largest free
// block and unusable ratio per zone from computeFragmentation().
#include "collectors/procfs/buddyinfo_collector.h"

#include "collectors/core/family_catalog.h"
#include "collectors/procfs/buddyinfo_parser.h"
#include "collectors/procfs/fragmentation.h"

namespace memwatch {

BuddyinfoCollector::BuddyinfoCollector(std::filesystem::path procfs, std::uint64_t pageSizeBytes)
    : file_(std::move(procfs) / "buddyinfo"), pageSizeBytes_(pageSizeBytes) {}

Expected<Families> BuddyinfoCollector::collect() {
  Expected<std::string> text = file_.read();
  if (!text) return text.error();
  Expected<std::vector<BuddyZone>> zones = parseBuddyinfo(text.value());
  if (!zones) return Error{.message = file_.path().string() + ": " + zones.error().message};

  auto blocks = makeFamily(kNodeBuddyinfoBlocks);
  auto freeBytes = makeFamily(kBuddyinfoFreeBytes);
  auto largest = makeFamily(kBuddyinfoLargestFreeBlock);
  auto unusable = makeFamily(kFragmentationUnusableRatio);

  const std::size_t zoneCount = zones.value().size();
  const std::size_t orderCount = zones.value().front().freeBlocksByOrder.size();
  blocks.metric.reserve(zoneCount * orderCount);
  unusable.metric.reserve(zoneCount * orderCount);
  freeBytes.metric.reserve(zoneCount);
  largest.metric.reserve(zoneCount);
  for (const BuddyZone& zone : zones.value()) {
    ZoneFragmentation fragmentation = computeFragmentation(zone.freeBlocksByOrder, pageSizeBytes_);
    for (std::size_t order = 0; order < zone.freeBlocksByOrder.size(); ++order) {
      std::string orderText = std::to_string(order);
      addSample(blocks, static_cast<double>(zone.freeBlocksByOrder[order]),
                {{"node", zone.node}, {"size", orderText}, {"zone", zone.zone}});
      addSample(unusable, fragmentation.unusableRatioByOrder[order],
                {{"node", zone.node}, {"order", orderText}, {"zone", zone.zone}});
    }
    addSample(freeBytes, fragmentation.freeBytes, {{"node", zone.node}, {"zone", zone.zone}});
    addSample(largest, fragmentation.largestFreeBlockBytes,
              {{"node", zone.node}, {"zone", zone.zone}});
  }

  Families families;
  families.push_back(std::move(blocks));
  families.push_back(std::move(freeBytes));
  families.push_back(std::move(largest));
  families.push_back(std::move(unusable));
  return families;
}

}  // namespace memwatch
