// computeFragmentation(): free pages summed per order, and the unusable ratios from a running sum
// taken from the top order down.
#include "collectors/procfs/fragmentation.h"

#include <cmath>

namespace memwatch {

ZoneFragmentation computeFragmentation(std::span<const std::uint64_t> freeBlocksByOrder,
                                       std::uint64_t pageSizeBytes) {
  const std::size_t orders = freeBlocksByOrder.size();
  std::vector<double> pagesByOrder(orders);
  double freePages = 0;
  ZoneFragmentation result;
  for (std::size_t order = 0; order < orders; ++order) {
    double blockPages = std::ldexp(1.0, static_cast<int>(order));
    pagesByOrder[order] = static_cast<double>(freeBlocksByOrder[order]) * blockPages;
    freePages += pagesByOrder[order];
    if (freeBlocksByOrder[order] > 0) {
      result.largestFreeBlockBytes = blockPages * static_cast<double>(pageSizeBytes);
    }
  }
  result.freeBytes = freePages * static_cast<double>(pageSizeBytes);

  result.unusableRatioByOrder.assign(orders, 0.0);
  if (freePages == 0) return result;
  // Walk from the top order down so that "pages in blocks of order >= j" is a running sum.
  double suitablePages = 0;
  for (std::size_t order = orders; order-- > 0;) {
    suitablePages += pagesByOrder[order];
    result.unusableRatioByOrder[order] = (freePages - suitablePages) / freePages;
  }
  return result;
}

}  // namespace memwatch
