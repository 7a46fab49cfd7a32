// /proc/meminfo's parser on arbitrary bytes: no crash, no sanitizer report, and every field it
// accepts carries a name and the line it came from.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/procfs/meminfo_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fields = memwatch::parseMeminfo(text);
  if (!fields) return 0;
  for (const memwatch::MeminfoField& field : fields.value()) {
    if (field.name.empty() || field.line == 0) std::abort();
  }
  return 0;
}
