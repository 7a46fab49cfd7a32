// One /dev/kmsg record (as one read() returns it) on arbitrary bytes: the record parser and the
// escape decoder it uses. Decoding only ever shortens the text ("\x41" becomes "A").

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "collectors/oom/kmsg_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (memwatch::decodeKmsgEscapes(text).size() > text.size()) std::abort();
  auto record = memwatch::parseKmsgRecord(text);
  if (record && record.value().text.size() > text.size()) std::abort();
  return 0;
}
