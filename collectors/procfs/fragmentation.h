#pragma once

// Free memory and fragmentation indices of a zone from its buddy allocator's free lists.

#include <cstdint>
#include <span>
#include <vector>

namespace memwatch {

// What a zone's free lists say about external fragmentation. Computed in double: counts come
// from a file, and hostile huge ones must not wrap around.
struct ZoneFragmentation {
  double freeBytes = 0;
  double largestFreeBlockBytes = 0;
  // The kernel's unusable free space index (see mm/vmstat.c unusable_free_index) per order j:
  // (free pages - free pages in blocks of order >= j) / free pages; 0 when nothing is free.
  std::vector<double> unusableRatioByOrder;
};

ZoneFragmentation computeFragmentation(std::span<const std::uint64_t> freeBlocksByOrder,
                                       std::uint64_t pageSizeBytes);

}  // namespace memwatch
