// busText() and oomKillDetails(): the API's members as sdbus::Variant, integers at their widths.
#include "daemon/dbus/bus_values.h"

#include <algorithm>
#include <cstdint>

#include "collectors/base/rfc3339.h"
#include "collectors/base/utf8.h"

namespace memwatch {

std::string busText(std::string_view text) {
  std::string out = toValidUtf8(text);
  std::erase(out, '\0');
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
