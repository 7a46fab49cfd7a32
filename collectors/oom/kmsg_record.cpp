// parseKmsgRecord(): the priority, sequence and timestamp before the ';', the text up to the
// first newline, and \xNN escapes decoded.
#include "collectors/oom/kmsg_record.h"

#include <array>

#include "collectors/base/text_scan.h"

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
                    .text = decodeKmsgEscapes(text)};
}

std::string decodeKmsgEscapes(std::string_view text) {
  auto hexValue = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      const int high = hexValue(text[i + 2]);
      const int low = hexValue(text[i + 3]);
      if (high >= 0 && low >= 0) {
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 3;
        continue;
      }
    }
    decoded.push_back(text[i]);
  }
  return decoded;
}

}  // namespace memwatch
