// The /api/v1 bodies with nlohmann's ordered_json: host text made valid UTF-8, whole rates
// written as integers, and NaN or infinite rates as null.
#include "daemon/http/api_json.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "collectors/base/rfc3339.h"
#include "collectors/base/utf8.h"

namespace memwatch {
namespace {

// Members in the order written, as the API documents them.
using Json = nlohmann::ordered_json;

// Text from the host (a comm, a cgroup, a producer) is arbitrary bytes: in JSON it is written as
// the label values are, bytes that are not UTF-8 as U+FFFD each, so that the API and /metrics
// name a producer alike.
Json text(std::string_view value) { return toValidUtf8(value); }

// A rate: a whole number is written as one ("100", not nlohmann's "100.0"), as the API always
// wrote it, so that clients that decode it into an integer keep working. NaN and infinities,
// which JSON cannot hold, become null.
Json perSecond(double value) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
  if (std::isfinite(value) && std::trunc(value) == value && std::fabs(value) <= kExactIntegers) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

std::string body(const Json& json) {
  // Every string went through text(); the handler is a second guard that never throws.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json rateJson(const ProducerTable::Rate& rate) {
  return {{"producer", text(rate.producer)},
          {"entries_per_second", perSecond(rate.entriesPerSecond)},
          {"bytes_per_second", perSecond(rate.bytesPerSecond)},
          {"entries", rate.counted.entries},
          {"bytes", rate.counted.bytes},
          {"flooding", rate.flooding}};
}

}  // namespace

std::string oomKillsJson(const std::vector<OomKill>& kills) {
  Json out = Json::array();
  out.get_ref<Json::array_t&>().reserve(kills.size());
  for (const OomKill& kill : kills) {
    // Appended member by member, each key once by construction: an initializer list would build
    // every pair as an array of two first, and emplace() would look for the key among the
    // members already there; both cost more than the rest of the request.
    Json& json = out.emplace_back(Json::object());
    auto& members = static_cast<Json::object_t::Container&>(json.get_ref<Json::object_t&>());
    members.reserve(18);
    auto add = [&members](const char* key, Json value) {
      members.emplace_back(key, std::move(value));
    };
    add("time", rfc3339(kill.wallClockSeconds));
    add("pid", kill.pid);
    add("comm", text(kill.comm));
    add("uid", kill.uid ? Json(*kill.uid) : Json(nullptr));
    add("cgroup", text(kill.cgroup));
    add("unit", text(kill.unit));
    add("constraint", text(kill.constraint));
    add("killer", text(kill.killer));
    if (!kill.reason.empty()) add("reason", text(kill.reason));  // userspace killers only
    add("total_vm_bytes", kill.totalVmBytes);
    add("anon_rss_bytes", kill.anonRssBytes);
    add("file_rss_bytes", kill.fileRssBytes);
    add("shmem_rss_bytes", kill.shmemRssBytes);
    add("oom_score_adj", kill.oomScoreAdj ? Json(*kill.oomScoreAdj) : Json(nullptr));
    // Left out, not null, when the kernel rate-limited the header line away.
    if (kill.invokedBy) add("invoked_by", text(*kill.invokedBy));
    if (kill.gfpMask) add("gfp_mask", text(*kill.gfpMask));
    if (kill.order) add("order", *kill.order);
    add("kmsg_sequence", kill.sequence);
  }
  return body(out);
}

std::string journalFloodsJson(const std::vector<ProducerTable::Rate>& flooding,
                              const std::vector<JournalFlood>& recent) {
  Json active = Json::array();
  for (const ProducerTable::Rate& rate : flooding) active.push_back(rateJson(rate));
  Json events = Json::array();
  for (const JournalFlood& flood : recent) {
    events.push_back({{"time", rfc3339(flood.wallClockSeconds)},
                      {"producer", text(flood.producer)},
                      {"event", flood.started ? "started" : "ended"},
                      {"entries_per_second", perSecond(flood.entriesPerSecond)},
                      {"bytes_per_second", perSecond(flood.bytesPerSecond)}});
  }
  return body({{"active", std::move(active)}, {"recent", std::move(events)}});
}

std::string journalProducersJson(const std::vector<ProducerTable::Rate>& producers) {
  Json out = Json::array();
  for (const ProducerTable::Rate& rate : producers) out.push_back(rateJson(rate));
  return body(out);
}

std::string pressureTriggersJson(const std::vector<MemoryPressure>& firings) {
  Json out = Json::array();
  for (const MemoryPressure& firing : firings) {
    out.push_back({{"time", rfc3339(firing.wallClockSeconds)},
                   {"resource", firing.resource},
                   {"kind", firing.kind},
                   {"stall_us", firing.stallMicroseconds},
                   {"window_us", firing.windowMicroseconds},
                   {"avg10", firing.avg10}});
  }
  return body(out);
}

}  // namespace memwatch
