// busText() and oomKillDetails(): the API's members as sdbus::Variant, integers at their widths.
#include "daemon/dbus/bus_values.h"

#include <algorithm>
#include <cstdint>

#include "collectors/base/rfc3339.h"
#include "collectors/base/utf8.h"

namespace memwatch {

namespace {

// The code point of the valid UTF-8 sequence of `length` bytes at `bytes`.
char32_t codePoint(const unsigned char* bytes, std::size_t length) {
  if (length == 1) return bytes[0];
  char32_t point = bytes[0] & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) point = (point << 6) | (bytes[i] & 0x3f);
  return point;
}

// What sd-bus refuses in a string beside invalid UTF-8: NUL and the noncharacters
// (U+FDD0..U+FDEF, and U+xFFFE and U+xFFFF in every plane), which toValidUtf8() keeps.
bool refusedBySdBus(char32_t point) {
  return point == 0 || (point >= 0xfdd0 && point <= 0xfdef) || (point & 0xfffe) == 0xfffe;
}

}  // namespace

std::string busText(std::string_view text) {
  const std::string valid = toValidUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size();) {
    const std::size_t length = utf8SequenceLength(std::string_view(valid).substr(i));
    const auto* bytes = reinterpret_cast<const unsigned char*>(valid.data() + i);
    const char32_t point = codePoint(bytes, length);
    if (point != 0) {
      out.append(refusedBySdBus(point) ? kReplacementCharacter : valid.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::map<std::string, sdbus::Variant> oomKillDetails(const OomKill& kill) {
  std::map<std::string, sdbus::Variant> details;
  details["time"] = sdbus::Variant(rfc3339(kill.wallClockSeconds));
  details["pid"] = sdbus::Variant(static_cast<std::int32_t>(kill.pid));
  details["comm"] = sdbus::Variant(busText(kill.comm));
  if (kill.uid) details["uid"] = sdbus::Variant(static_cast<std::uint32_t>(*kill.uid));
  details["cgroup"] = sdbus::Variant(busText(kill.cgroup));
  details["unit"] = sdbus::Variant(busText(kill.unit));
  details["constraint"] = sdbus::Variant(busText(kill.constraint));
  details["killer"] = sdbus::Variant(busText(kill.killer));
  if (!kill.reason.empty()) details["reason"] = sdbus::Variant(busText(kill.reason));
  details["total_vm_bytes"] = sdbus::Variant(static_cast<std::uint64_t>(kill.totalVmBytes));
  details["anon_rss_bytes"] = sdbus::Variant(static_cast<std::uint64_t>(kill.anonRssBytes));
  details["file_rss_bytes"] = sdbus::Variant(static_cast<std::uint64_t>(kill.fileRssBytes));
  details["shmem_rss_bytes"] = sdbus::Variant(static_cast<std::uint64_t>(kill.shmemRssBytes));
  if (kill.oomScoreAdj) {
    details["oom_score_adj"] = sdbus::Variant(static_cast<std::int32_t>(*kill.oomScoreAdj));
  }
  if (kill.invokedBy) details["invoked_by"] = sdbus::Variant(busText(*kill.invokedBy));
  if (kill.gfpMask) details["gfp_mask"] = sdbus::Variant(busText(*kill.gfpMask));
  if (kill.order) details["order"] = sdbus::Variant(static_cast<std::int32_t>(*kill.order));
  details["kmsg_sequence"] = sdbus::Variant(static_cast<std::uint64_t>(kill.sequence));
  return details;
}

}  // namespace memwatch
