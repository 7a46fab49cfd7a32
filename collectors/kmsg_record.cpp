#include "collectors/kmsg_record.h"

#include <array>

#include "collectors/text_scan.h"

namespace memwatch {

Expected<KmsgRecord> parseKmsgRecord(std::string_view record) {
  const std::size_t semicolon = record.find(';');
  if (semicolon == std::string_view::npos) {
    return Error{.message = "no ';' after the record prefix: " + quoteForLog(record)};
  }
  // prio, seq, usec, flags, then optional fields such as caller=T123 that newer kernels add.
  std::array<std::string_view, 4> prefix;
  std::size_t count = 0;
  std::string_view rest = record.substr(0, semicolon);
  while (count < prefix.size()) {
    const std::size_t comma = rest.find(',');
    prefix[count++] = rest.substr(0, comma);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (count < 3) return Error{.message = "short record prefix: " + quoteForLog(record)};
  std::optional<std::uint64_t> priority = parseUnsigned(prefix[0]);
  std::optional<std::uint64_t> sequence = parseUnsigned(prefix[1]);
  std::optional<std::uint64_t> usec = parseUnsigned(prefix[2]);
  if (!priority || !sequence || !usec || *priority > 0xffffff) {
    return Error{.message = "malformed record prefix: " + quoteForLog(record)};
  }
  std::string_view text = record.substr(semicolon + 1);
  text = text.substr(0, text.find('\n'));
  return KmsgRecord{.facility = static_cast<unsigned>(*priority >> 3),
                    .level = static_cast<unsigned>(*priority & 7),
                    .sequence = *sequence,
                    .monotonicMicroseconds = *usec,
                    .text = text};
}

}  // namespace memwatch
