// journald.conf's text on arbitrary bytes: the [Journal] section's SystemMaxUse=,
// RuntimeMaxUse= and Storage=, and the size syntax alone on the same bytes.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collectors/journal/journald_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  memwatch::JournaldLimits limits;
  memwatch::applyJournaldConf(text, limits);
  volatile std::uint64_t sink = limits.systemMaxUse.value_or(0) + limits.runtimeMaxUse.value_or(0) +
                                memwatch::parseJournaldSize(text).value_or(0) +
                                limits.storage.value_or("").size();
  (void)sink;
  return 0;
}
