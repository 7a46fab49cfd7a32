#pragma once

#include <filesystem>
#include <mutex>
#include <regex>
#include <string>
#include <unordered_map>

#include "collectors/collector.h"

namespace memwatch {

// node_exporter's default, plus the reclaim, compaction, THP and workingset counters that explain
// memory pressure. ECMAScript syntax, matched anywhere in the field name like Go's MatchString.
inline constexpr const char* kDefaultVmstatFields =
    "^(oom_kill|pgpg|pswp|pg.*fault|allocstall|compact_|pgrefill|pgscan|pgsteal|thp_|"
    "workingset_).*";

// node_vmstat_<field> untyped samples for the /proc/vmstat fields the regex selects.
class VmstatCollector : public Collector {
 public:
  VmstatCollector(std::filesystem::path procfs, std::regex fieldFilter);
  std::string_view name() const override { return "vmstat"; }
  Expected<Families> collect() override;

 private:
  bool selected(const std::string& field);

  // regex_search costs microseconds per field; the set of field names is fixed per kernel, so
  // each decision is remembered. Bounded so a hostile file of random names cannot grow it.
  static constexpr std::size_t kMaxCachedDecisions = 4096;

  const std::filesystem::path path_;
  const std::regex fieldFilter_;
  std::mutex cacheMutex_;
  std::unordered_map<std::string, bool> decisions_;
};

}  // namespace memwatch
