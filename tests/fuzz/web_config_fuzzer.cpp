// --web.config.file's YAML on arbitrary bytes: parseWebConfig(), which reads no file (the
// certificate and key files it names are read by loadWebConfig(), not here).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/http/web_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = memwatch::parseWebConfig(text, "/etc/memwatch/web.yml");
  std::size_t bytes = config ? config.value().basicAuthUsers.size() + config.value().headers.size()
                             : config.error().message.size();
  volatile std::size_t sink = bytes;
  (void)sink;
  return 0;
}
