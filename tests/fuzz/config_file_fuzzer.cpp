// memwatchd's YAML config file on arbitrary bytes: parseConfigText() against the daemon's real
// option table, which flattens the mappings into keys and checks them. Values are not applied:
// their own parsers (durations, regular expressions) are not this target's.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/config/config_file.h"
#include "daemon/process/option_table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto values = memwatch::parseConfigText(text, "fuzz.yml", memwatch::optionTable());
  std::size_t bytes = values ? values.value().size() : values.error().message.size();
  volatile std::size_t sink = bytes;
  (void)sink;
  return 0;
}
