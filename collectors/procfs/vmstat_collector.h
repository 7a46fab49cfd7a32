#pragma once

// The vmstat collector: node_vmstat_* for the fields a regex selects.

#include <filesystem>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "collectors/base/scraped_file.h"
#include "collectors/core/collector.h"
#include "collectors/procfs/vmstat_parser.h"

namespace memwatch {

// node_exporter's default, plus the reclaim, compaction, THP and workingset counters that explain
// memory pressure. ECMAScript syntax, matched anywhere in the field name like Go's MatchString.
inline constexpr const char* kDefaultVmstatFields =
    "^(oom_kill|pgpg|pswp|pg.*fault|allocstall|compact_|pgrefill|pgscan|pgsteal|thp_|"
    "workingset_).*";

// --collector.vmstat.fields: the expression as given, compiled once when the setting is read.
struct VmstatFieldFilter {
  std::string expression = kDefaultVmstatFields;
  std::regex regex{kDefaultVmstatFields, std::regex::ECMAScript | std::regex::optimize};
};
// Fails with std::regex's reason for an expression it refuses.
Expected<VmstatFieldFilter> compileVmstatFieldFilter(std::string expression);

// node_vmstat_<field> untyped samples for the /proc/vmstat fields the regex selects.
class VmstatCollector : public Collector {
 public:
  VmstatCollector(std::filesystem::path procfs, std::regex fieldFilter);
  std::string_view name() const override { return "vmstat"; }
  Expected<Families> collect() override;

 private:
  // Which fields the regex selects, in file order.
  std::vector<bool> selection(const std::vector<VmstatField>& fields);

  const ScrapedFile file_;
  const std::regex fieldFilter_;
  const FamilyPattern family_;
  // regex_search costs microseconds per field, and a kernel prints the same names in the same
  // order on every read, so the last file's names and decisions are kept and only a name that
  // differs at its position is matched again. Bounded by the file size bound.
  std::mutex cacheMutex_;
  std::vector<std::string> cachedNames_;
  std::vector<bool> cachedDecisions_;
};

}  // namespace memwatch
