// /proc/vmstat's parser on arbitrary bytes: no crash, no sanitizer report, and every name it
// returns points into the input (the fields are views of the text, so ASan checks each read).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/procfs/vmstat_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fields = memwatch::parseVmstat(text);
  if (!fields) return 0;
  std::size_t bytes = 0;
  for (const memwatch::VmstatField& field : fields.value()) {
    if (field.name.empty()) std::abort();
    for (char c : field.name) bytes += static_cast<unsigned char>(c);
  }
  volatile std::size_t sink = bytes;
  (void)sink;
  return 0;
}
