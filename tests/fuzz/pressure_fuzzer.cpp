// A /proc/pressure/* file's parser on arbitrary bytes: no crash, no sanitizer report.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "collectors/procfs/pressure_parser.h"

namespace {

double sum(const std::optional<memwatch::PsiLine>& line) {
  if (!line) return 0;
  return line->avg10Ratio + line->avg60Ratio + line->avg300Ratio +
         static_cast<double>(line->totalMicroseconds);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto stats = memwatch::parsePressure(text);
  if (!stats) return 0;
  volatile double total = sum(stats.value().some) + sum(stats.value().full);
  (void)total;
  return 0;
}
